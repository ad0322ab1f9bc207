using System.Globalization;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Model;

namespace CanaryDashboard.Simulation.Workload;

/// <summary>
/// Counts since a window's start, as the evidence weighs them: expected requests, errors and
/// cumulative latency-bucket counts of each version, integrated slice by slice so a canary that
/// changes over the window (the slow regression) dilutes as real counters would.
/// </summary>
public sealed partial class SimulatedWorkload
{
    /// <summary>
    /// Upper bounds (seconds) of the latency buckets, the test workload's (<c>WorkloadMetrics.Buckets</c>):
    /// 10 ms wide to 600 ms, then 0.8, 1, 2.5, 5 s; <c>+Inf</c> follows.
    /// </summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } =
        [.. Enumerable.Range(1, 60).Select(i => Math.Round(i * 0.01, 2)), 0.8, 1.0, 2.5, 5.0];

    /// <summary>
    /// Whether counts perturb each version by a factor fixed for the window (default true). False puts
    /// every version exactly at its scenario's level: counts that can be checked by hand.
    /// </summary>
    public bool WindowNoise { get; set; } = true;

    /// <summary>How finely a canary whose service changes with its age is integrated (its p99 moves 0.1 ms per slice).</summary>
    public static readonly TimeSpan CountSlice = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Both versions' counts from <paramref name="windowStart"/> (or the canary's start, when later) to
    /// <paramref name="now"/>. The traffic shape is taken as it is now for the whole window: the window
    /// is one rung, whose weight does not change. Each version's parameters are perturbed by a factor
    /// fixed for the window (seed, rollout, window start, revision), so counts grow monotonically.
    /// </summary>
    public WorkloadCounts Counts(RolloutKey rollout, TrafficScenario scenario, TrafficShape shape,
        DateTimeOffset windowStart, DateTimeOffset now, string? canaryRevision = null)
    {
        var since = shape.CanaryStartedAt is { } started && started > windowStart ? started : windowStart;
        var (canaryRate, stableRate) = Rates(scenario, shape);
        var windowKey = string.Create(CultureInfo.InvariantCulture, $"window|{since.ToUnixTimeMilliseconds()}|{canaryRevision}");
        // Fixed for the whole window, so kept small enough that a healthy canary can never drift past a
        // threshold on noise alone (worst case ±1.73 spreads per version: p99 within ±5.2 % when noisy).
        var (p99Spread, errorSpread) = !WindowNoise ? (0.0, 0.0)
            : scenario == TrafficScenario.NoisyButHealthy ? (0.03, 0.0005) : (0.015, 0.0002);
        var stableNoise = new WorkloadNoise(seed, rollout, "stable", windowKey);
        var canaryNoise = new WorkloadNoise(seed, rollout, "canary", windowKey);
        ServiceLevel Perturbed(ServiceLevel level, WorkloadNoise noise) =>
            level with { P99Seconds = level.P99Seconds * noise.Factor(p99Spread), ErrorRate = level.ErrorRate + noise.Offset(errorSpread) };

        var stable = new CountAccumulator(LatencyBuckets);
        var canary = new CountAccumulator(LatencyBuckets);
        var elapsed = now > since ? (now - since).TotalSeconds : 0;
        stable.Add(stableRate, Perturbed(ScenarioModel.Stable, stableNoise), elapsed);

        var weight = Math.Clamp(shape.CanaryWeightPercent, 0, 100);
        ServiceLevel CanaryAt(DateTimeOffset instant) =>
            Perturbed(ScenarioModel.Canary(scenario, weight, instant - shape.CanaryStartedAt), canaryNoise);
        if (!ScenarioModel.VariesWithAge(scenario))
            canary.Add(canaryRate, CanaryAt(since), elapsed);
        else
            AddBySlice(canary, canaryRate, since, now, CanaryAt);

        return new WorkloadCounts(since, new EvidenceInputs(canary.ToVersionCounts(), stable.ToVersionCounts(),
            TimeSpan.FromSeconds(elapsed)));
    }

    /// <summary>
    /// Slices from <paramref name="since"/> on a fixed grid, each at its start's service level (the last one
    /// partial): a later <paramref name="now"/> only lengthens the last slice or adds slices, so counts never shrink.
    /// Consecutive slices at the same level are added as one (a settled regression costs one CDF pass).
    /// </summary>
    private static void AddBySlice(CountAccumulator counts, double rate, DateTimeOffset since, DateTimeOffset now,
        Func<DateTimeOffset, ServiceLevel> levelAt)
    {
        ServiceLevel? pending = null;
        var pendingSeconds = 0.0;
        for (var start = since; start < now; start += CountSlice)
        {
            var end = start + CountSlice < now ? start + CountSlice : now;
            var level = levelAt(start);
            if (pending == level)
            {
                pendingSeconds += (end - start).TotalSeconds;
                continue;
            }
            if (pending is { } previous)
                counts.Add(rate, previous, pendingSeconds);
            (pending, pendingSeconds) = (level, (end - start).TotalSeconds);
        }
        if (pending is { } last)
            counts.Add(rate, last, pendingSeconds);
    }
}
