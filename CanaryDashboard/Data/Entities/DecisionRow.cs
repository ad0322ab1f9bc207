using CanaryDashboard.Engine;
using CanaryDashboard.Model;

namespace CanaryDashboard.Data.Entities;

/// <summary>What the control loop decided for one rollout at one poll, why, and what it sent.</summary>
public sealed class DecisionRow : IRecordsOrigin
{
    public long Id { get; set; }
    public int RolloutId { get; set; }
    public DateTimeOffset At { get; set; }
    public RolloutPolicy Policy { get; set; }

    // The engine result the decision was made on.
    public Verdict Verdict { get; set; }
    public double SafeWeight { get; set; }
    public double? EngineWeight { get; set; }
    public double? LatencyDelta { get; set; }
    public double? ErrorDelta { get; set; }
    public required string EngineReason { get; set; }

    // Where the engine parameters of that result came from (IRecordsOrigin).
    public string? ParameterSource { get; set; }
    public string? ProfileName { get; set; }
    public int? ProfileVersion { get; set; }

    /// <summary>The rule that fired, in words (e.g. "3 of 3 polls allow rung 35").</summary>
    public required string Rule { get; set; }
    public DecisionAction Action { get; set; }
    /// <summary>For <see cref="DecisionAction.Advance"/>: the rung's weight and step index.</summary>
    public double? TargetWeight { get; set; }
    public int? TargetStepIndex { get; set; }

    // What was sent to the cluster, when anything was.
    public string? PatchTarget { get; set; }
    public string? PatchBody { get; set; }
    public string? PatchOutcome { get; set; }
    public bool? PatchSucceeded { get; set; }
}

/// <summary>The action a decision chose.</summary>
public enum DecisionAction
{
    /// <summary>Nothing to do (Observe, or not in a canary step).</summary>
    None,
    Hold,
    /// <summary>Jump forward to a higher rung of the ladder.</summary>
    Advance,
    Abort,
    /// <summary>Promote to full weight (only when the settings allow it).</summary>
    PromoteFull,
}
