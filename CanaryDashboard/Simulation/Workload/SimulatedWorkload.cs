using System.Collections.Concurrent;
using System.Globalization;
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
public sealed partial class SimulatedWorkload(int seed)
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
        var (canaryRate, stableRate) = Rates(scenario, shape);
        var bucket = (now.ToUnixTimeMilliseconds() / (long)NoiseBucket.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var noisy = scenario == TrafficScenario.NoisyButHealthy;

        var stableNoise = new WorkloadNoise(seed, rollout, "stable", bucket);
        var stableLevel = ScenarioModel.Stable;
        var stable = Version(stableRate, shape.StablePods, stableLevel.P99Seconds * stableNoise.Factor(noisy ? 0.06 : 0.015),
            stableLevel.ErrorRate + stableNoise.Offset(noisy ? 0.001 : 0.0002), stableLevel.InUsePerPod);

        var canaryNoise = new WorkloadNoise(seed, rollout, "canary", bucket);
        var canaryLevel = ScenarioModel.Canary(scenario, Math.Clamp(shape.CanaryWeightPercent, 0, 100), now - shape.CanaryStartedAt);
        var canary = Version(canaryRate, shape.CanaryPods, canaryLevel.P99Seconds * canaryNoise.Factor(noisy ? 0.06 : 0.015),
            canaryLevel.ErrorRate + canaryNoise.Offset(noisy ? 0.001 : 0.0002), canaryLevel.InUsePerPod);
        return new WorkloadSample(scenario, canary, stable);
    }

    /// <summary>Requests per second of canary and stable: the service's rate split by the canary's weight.</summary>
    private (double Canary, double Stable) Rates(TrafficScenario scenario, TrafficShape shape)
    {
        var weight = Math.Clamp(shape.CanaryWeightPercent, 0, 100);
        var totalRate = scenario == TrafficScenario.NoTraffic ? 0 : RequestsPerSecond;
        var canaryRate = totalRate * weight / 100;
        return (canaryRate, totalRate - canaryRate);
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
}
