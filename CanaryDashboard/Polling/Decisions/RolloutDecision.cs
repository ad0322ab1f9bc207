using CanaryDashboard.Engine;

namespace CanaryDashboard.Polling.Decisions;

/// <summary>What the loop chose for one rollout at one poll.</summary>
public enum PollAction
{
    /// <summary>Nothing to decide (Observe, aborted, promoted, not a ladder rollout).</summary>
    None,
    /// <summary>Stay where it is.</summary>
    Hold,
    /// <summary>Jump forward to <see cref="RolloutDecision.Target"/>'s step.</summary>
    Advance,
    /// <summary>Open the circuit breaker: <c>{"status":{"abort":true}}</c>.</summary>
    Abort,
    /// <summary>Take the rollout to 100 % (only when the settings allow it).</summary>
    PromoteFull,
}

/// <summary>
/// One decision: the action, whether it is to be sent (Auto only), the rule that fired in words,
/// the counters for the next poll, and the streak (<see cref="Count"/> of <see cref="Required"/>)
/// that led to it.
/// </summary>
public sealed record RolloutDecision(
    PollAction Action,
    bool Send,
    string Rule,
    DecisionCounters Counters,
    LadderRung? Target = null,
    int Count = 0,
    int Required = 0)
{
    /// <summary>True when the action changes the rollout (advance, abort, promote full).</summary>
    public bool IsChange => Action is PollAction.Advance or PollAction.Abort or PollAction.PromoteFull;
}
