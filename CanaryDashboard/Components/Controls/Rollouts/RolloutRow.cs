using CanaryDashboard.Engine;
using CanaryDashboard.Model;

namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>
/// One line of the overview: what the cluster says (status, step, weight) beside what the engine
/// made of the latest sample. Built by <see cref="RolloutRowBuilder"/> from the adapter's snapshot
/// (always there) and the live store's state (once the poller publishes).
/// </summary>
public sealed record RolloutRow
{
    public required RolloutKey Key { get; init; }
    public required string Status { get; init; }
    public string Message { get; init; } = "";
    /// <summary><c>i/n</c> as Argo prints it; empty without steps.</summary>
    public string Step { get; init; } = "";
    public double? ActualWeight { get; init; }
    /// <summary>The engine's safe weight for the latest sample; null before the first sample.</summary>
    public double? EngineWeight { get; init; }
    public Verdict? Verdict { get; init; }
    /// <summary>Relative p99 difference, canary vs stable (0.08 = +8 %).</summary>
    public double? LatencyDelta { get; init; }
    /// <summary>Absolute error-rate difference (0.001 = +0.1 pp).</summary>
    public double? ErrorDelta { get; init; }
    /// <summary>Recent actual weights, oldest first, for the sparkline.</summary>
    public IReadOnlyList<double> WeightHistory { get; init; } = [];
    public DateTimeOffset? LastSampleAt { get; init; }
    /// <summary>When the current pause began (earliest pause condition); null when not paused.</summary>
    public DateTimeOffset? PausedSince { get; init; }
    /// <summary>The newest thing that happened to it: last sample, pause, or creation.</summary>
    public DateTimeOffset? LastActivity { get; init; }
    /// <summary>Why the row is on top ("breach", "degraded", "paused 12 min", "insufficient data"); null when it is fine.</summary>
    public string? Attention { get; init; }

    public bool NeedsAttention => Attention is not null;
}
