using CanaryDashboard.Model;

namespace CanaryDashboard.Metrics;

/// <summary>
/// Where one rollout's traffic is found in the metrics backend: the value of the rollout (job)
/// label and the version label values of canary and stable.
/// </summary>
public sealed record MetricTarget(RolloutKey Rollout, string Job, string CanaryVersion, string StableVersion)
{
    /// <summary>
    /// Where the evidence window starts: the rung's entry (<c>RolloutPosition.RungEnteredAt</c>).
    /// Counts (<see cref="MetricsReading.Counts"/>) cover requests from there on; null when the rung's
    /// start is not known, then no counts are read and the evidence holds.
    /// </summary>
    public DateTimeOffset? WindowStart { get; init; }

    /// <summary>
    /// The canary's revision (pod template hash). A new revision is a new window even at the same
    /// instant, and sources that can tell revisions apart select its series only.
    /// </summary>
    public string? CanaryRevision { get; init; }

    /// <summary>The stable revision (pod template hash), as <see cref="CanaryRevision"/>.</summary>
    public string? StableRevision { get; init; }
}
