using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Metrics;

namespace CanaryDashboard.Live;

/// <summary>
/// One poll of one rollout: the metrics of both versions, what the engine made of them, and where
/// the rollout stood. The same fields the database keeps per sample, so charts can append it as is.
/// </summary>
/// <param name="At">When the metrics were read.</param>
/// <param name="Canary">p99, error rate, request rate and pool gauges of the canary.</param>
/// <param name="Stable">The same for stable.</param>
/// <param name="Engine">The engine's result for these metrics (verdict, deltas, penalties, weight, reason).</param>
/// <param name="ActualWeight">The weight the canary actually received at that time.</param>
/// <param name="SetWeight">The weight the current step sets.</param>
/// <param name="StepIndex">The current step index.</param>
/// <param name="StepCount">The number of steps.</param>
public sealed record LiveSample(
    DateTimeOffset At,
    VersionMetrics Canary,
    VersionMetrics Stable,
    EngineResult Engine,
    double? ActualWeight,
    int? SetWeight,
    int? StepIndex,
    int? StepCount)
{
    public Verdict Verdict => Engine.Verdict;

    /// <summary>The evidence since the rung's entry the decision weighed (deltas with their intervals, counts); null when none could be read.</summary>
    public EvidenceAssessment? Evidence { get; init; }

    /// <summary>Where the evidence's counts start; null without evidence.</summary>
    public DateTimeOffset? EvidenceSince { get; init; }

    /// <summary>The counts the evidence was weighed from: lets a page ask what more a hold needs (<see cref="EvidenceEngine.Needed"/>) for the sample it shows.</summary>
    public EvidenceInputs? Counts { get; init; }

    /// <summary>The weight it is safe to run at (0 on breach or insufficient data), as the engine computed it.</summary>
    public double SafeWeight => Engine.SafeWeight;

    /// <summary>Relative p99 difference, canary against stable (the seed's <c>canary_latency_delta</c>).</summary>
    public double? LatencyDelta => Engine.LatencyDelta;

    /// <summary>Absolute error-rate difference, canary against stable (the seed's <c>canary_error_delta</c>).</summary>
    public double? ErrorDelta => Engine.ErrorDelta;
}
