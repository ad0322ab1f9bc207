using CanaryDashboard.Engine;

namespace CanaryDashboard.Polling.Decisions;

/// <summary>What the loop chose for one rollout at one poll.</summary>
public enum PollAction
{
    /// <summary>Nothing to decide (Observe, aborted, promoted, not a ladder rollout).</summary>
    None,
    /// <summary>Stay where it is.</summary>
    Hold,
    /// <summary>Move to the next rung, <see cref="RolloutDecision.Target"/>'s step (never more than one rung).</summary>
    Advance,
    /// <summary>Open the circuit breaker: <c>{"status":{"abort":true}}</c>.</summary>
    Abort,
    /// <summary>Take the rollout to 100 % (only when the settings allow it).</summary>
    PromoteFull,
}

/// <summary>
/// One decision: the action, whether it is to be sent (Auto only), the rule that fired in words,
/// the counters for the next poll, and the streak (<see cref="Count"/> of <see cref="Required"/>)
/// that led to it. <see cref="Target"/> is the next rung in <c>setWeight</c> units;
/// <see cref="TargetPercent"/> is its weight in percent (of <c>maxTrafficWeight</c>).
/// </summary>
public sealed record RolloutDecision(
    PollAction Action,
    bool Send,
    string Rule,
    DecisionCounters Counters,
    LadderRung? Target = null,
    int Count = 0,
    int Required = 0,
    double? TargetPercent = null)
{
    /// <summary>True when the action changes the rollout (advance, abort, promote full).</summary>
    public bool IsChange => Action is PollAction.Advance or PollAction.Abort or PollAction.PromoteFull;
}
