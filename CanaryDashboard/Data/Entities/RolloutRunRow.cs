namespace CanaryDashboard.Data.Entities;

/// <summary>
/// One run of a rollout: one revision (pod template hash) from the first poll that saw it in a
/// canary to its promotion or abort. Backtests replay the samples between start and end.
/// </summary>
public sealed class RolloutRunRow
{
    public long Id { get; set; }
    public int RolloutId { get; set; }
    public required string Revision { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public RunOutcome Outcome { get; set; } = RunOutcome.Running;
    public DateTimeOffset? FirstBreachAt { get; set; }
    /// <summary>When the abort was sent (a successful abort decision) or first observed.</summary>
    public DateTimeOffset? AbortedAt { get; set; }
    /// <summary>Seconds from the first breaching sample to the abort; null unless both happened.</summary>
    public double? BreachToAbortSeconds { get; set; }
}

public enum RunOutcome
{
    Running,
    Promoted,
    Aborted,
    /// <summary>A newer revision replaced it before it was promoted or aborted.</summary>
    Superseded,
}
