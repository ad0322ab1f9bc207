using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Model;

namespace CanaryDashboard.Metrics;

/// <summary>Canary and stable metrics of one rollout at one instant, with whatever was missing and why.</summary>
public sealed record MetricsReading(
    RolloutKey Rollout,
    DateTimeOffset At,
    VersionMetrics Canary,
    VersionMetrics Stable,
    IReadOnlyList<string> Problems)
{
    /// <summary>
    /// Requests, errors and latency bucket counts of both versions since <see cref="CountsSince"/>
    /// (at or after the target's <see cref="MetricTarget.WindowStart"/>), growing with every read of the
    /// same window: what the evidence (<see cref="EvidenceEngine"/>) weighs. Null when the source
    /// could not count (no window start, counters missing); the evidence then holds.
    /// </summary>
    public EvidenceInputs? Counts { get; init; }

    /// <summary>Where the counts really start (the first read at or after the window's start); null without counts.</summary>
    public DateTimeOffset? CountsSince { get; init; }

    public EngineInputs ToEngineInputs() => new(
        Canary.P99Seconds, Stable.P99Seconds, Canary.ErrorRate, Stable.ErrorRate, Canary.Requests, Stable.Requests);
}
