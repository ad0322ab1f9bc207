namespace CanaryDashboard.Data.Entities;

/// <summary>
/// The raw samples of one rollout in one minute, folded by the pruner once they pass the raw
/// retention: min, average and max of every numeric field (nulls ignored) and verdict counts.
/// </summary>
public sealed class MinuteAggregateRow
{
    public long Id { get; set; }
    public int RolloutId { get; set; }
    /// <summary>Start of the minute (UTC, whole minute).</summary>
    public DateTimeOffset Minute { get; set; }
    public int SampleCount { get; set; }
    public int ProceedCount { get; set; }
    public int BreachCount { get; set; }
    public int InsufficientDataCount { get; set; }
    /// <summary>The highest step index seen in the minute (steps only move forward within a run).</summary>
    public int? MaxStepIndex { get; set; }
    public SampleValues Min { get; set; } = new();
    public SampleValues Avg { get; set; } = new();
    public SampleValues Max { get; set; } = new();
}
