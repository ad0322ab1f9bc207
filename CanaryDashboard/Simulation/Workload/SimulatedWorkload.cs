using System.Collections.Concurrent;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Controller;

namespace CanaryDashboard.Simulation.Workload;

/// <summary>
/// The simulated services behind the rollouts: per rollout and version, p99 latency, error rate,
/// request rate, requests over the window and connection-pool gauges, following a
/// <see cref="TrafficScenario"/>. Deterministic: the same seed, rollout, version, traffic shape and
/// instant (in 10-second buckets) give the same sample.
/// </summary>
public sealed class SimulatedWorkload(int seed)
{
    /// <summary>Rollout annotation that picks a scenario from a manifest (e.g. <c>PoolExhaustion</c>).</summary>
    public const string ScenarioAnnotation = "simulation.canary-dashboard.io/scenario";

    public const double StableP99Seconds = 0.120;
    public const double StableErrorRate = 0.002;
    public const double PoolMaxPerPod = 100;
    public const double PoolInUsePerPod = 80;     // the seed's 100 open / 20 idle per pod

    private static readonly TimeSpan NoiseBucket = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<RolloutKey, TrafficScenario> _injected = new();

    /// <summary>Requests per second of a rollout's whole service, split between versions by weight.</summary>
    public double RequestsPerSecond { get; set; } = 200;

    /// <summary>The window request counts are taken over (Prometheus' rate window; seed: 5m).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    public TrafficScenario DefaultScenario { get; set; } = TrafficScenario.Healthy;

    /// <summary>Sets a rollout's scenario at run time (wins over configuration and the rollout's annotation).</summary>
    public void SetScenario(RolloutKey rollout, TrafficScenario scenario) => _injected[rollout] = scenario;

    public void ClearScenario(RolloutKey rollout) => _injected.TryRemove(rollout, out _);

    public IReadOnlyDictionary<RolloutKey, TrafficScenario> InjectedScenarios => _injected;

    /// <summary>The scenario in force: injected, else the rollout's annotation, else <see cref="DefaultScenario"/>.</summary>
    public TrafficScenario ScenarioOf(RolloutKey rollout, string? annotation) =>
        _injected.TryGetValue(rollout, out var injected) ? injected
        : Enum.TryParse<TrafficScenario>(annotation, ignoreCase: true, out var annotated) ? annotated
        : DefaultScenario;

    public WorkloadSample Sample(RolloutKey rollout, TrafficScenario scenario, TrafficShape shape, DateTimeOffset now)
    {
        var weight = Math.Clamp(shape.CanaryWeightPercent, 0, 100);
        var totalRate = scenario == TrafficScenario.NoTraffic ? 0 : RequestsPerSecond;
        var canaryRate = totalRate * weight / 100;
        var stableRate = totalRate - canaryRate;
        var bucket = now.ToUnixTimeMilliseconds() / (long)NoiseBucket.TotalMilliseconds;
        var noisy = scenario == TrafficScenario.NoisyButHealthy;

        var stableNoise = new Noise(seed, rollout, "stable", bucket);
        var stable = Version(stableRate, shape.StablePods, StableP99Seconds * stableNoise.Factor(noisy ? 0.06 : 0.015),
            StableErrorRate + stableNoise.Offset(noisy ? 0.001 : 0.0002), PoolInUsePerPod);

        var canaryNoise = new Noise(seed, rollout, "canary", bucket);
        double p99 = StableP99Seconds * 1.025, errors = StableErrorRate + 0.0005, inUsePerPod = PoolInUsePerPod;
        switch (scenario)
        {
            case TrafficScenario.SlowLatencyRegression:
                var minutes = shape.CanaryStartedAt is { } started ? Math.Max(0, (now - started).TotalMinutes) : 0;
                p99 = StableP99Seconds * (1.04 + 0.25 * Math.Min(1, minutes / 30));
                break;
            case TrafficScenario.PoolExhaustion:
                // Demand per canary pod grows with the canary's share: 90 at 20 %, 105 at 30 %, 135 at 50 %.
                inUsePerPod = 60 + 1.5 * weight;
                var starved = Math.Max(0, inUsePerPod - PoolMaxPerPod) / inUsePerPod;
                errors += starved;
                p99 += starved > 0 ? 0.250 : 0;   // requests queue for a connection until they time out
                break;
            case TrafficScenario.NoisyButHealthy:
                p99 = StableP99Seconds;
                errors = StableErrorRate;
                break;
        }
        var canary = Version(canaryRate, shape.CanaryPods, p99 * canaryNoise.Factor(noisy ? 0.06 : 0.015),
            errors + canaryNoise.Offset(noisy ? 0.001 : 0.0002), inUsePerPod);
        return new WorkloadSample(scenario, canary, stable);
    }

    private VersionMetrics Version(double rate, int pods, double p99, double errorRate, double inUsePerPod)
    {
        pods = Math.Max(0, pods);
        var pool = new PoolGauges(
            Open: PoolMaxPerPod * pods,
            Idle: rate > 0 ? Math.Max(0, PoolMaxPerPod - inUsePerPod) * pods : PoolMaxPerPod * pods,
            Max: PoolMaxPerPod * pods);
        if (rate <= 0)
            return new VersionMetrics(null, null, 0, 0, pool);   // no requests: no latency, no error rate
        return new VersionMetrics(
            Math.Round(Math.Max(0.001, p99), 6),
            Math.Round(Math.Clamp(errorRate, 0, 1), 6),
            Math.Round(rate, 3),
            Math.Round(rate * Window.TotalSeconds),
            pool);
    }

    /// <summary>Deterministic pseudo-random noise for one rollout, version and time bucket.</summary>
    private readonly struct Noise(int seed, RolloutKey rollout, string version, long bucket)
    {
        private readonly uint _state = PodTemplateHash.Fnv1a($"{seed}|{rollout}|{version}|{bucket}");

        /// <summary>A multiplier around 1 with roughly the given relative spread.</summary>
        public double Factor(double spread) => 1 + spread * Centered(0);

        public double Offset(double spread) => spread * Centered(1);

        // Sum of three uniforms in [-1, 1], scaled to about one standard deviation.
        private double Centered(int stream)
        {
            var random = new Random((int)(_state ^ (uint)(stream * 7919)));
            return (random.NextDouble() * 2 - 1 + random.NextDouble() * 2 - 1 + random.NextDouble() * 2 - 1) / 1.73;
        }
    }
}
