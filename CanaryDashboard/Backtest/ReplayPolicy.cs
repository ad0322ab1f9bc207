using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Backtest;

/// <summary>
/// The control loop's policy as a backtest replays it: N polls in a row allowing the next rung and a
/// minimum time at the rung to advance (one rung at a time), M breaching polls in a row to abort, the
/// ladder of weights, and whether the loop may take the canary to full weight after the last rung (as
/// Auto with auto promotion would).
/// </summary>
public sealed record ReplayPolicySettings
{
    public static readonly int[] DefaultLadder = [1, 2, 5, 10, 20, 35, 50, 75];

    /// <summary>N: polls in a row whose safe weight allows the next rung before advancing.</summary>
    public int PollsToAdvance { get; init; } = 3;

    /// <summary>The time a rung must have run before the next one (the poller's <c>Polling:MinTimeAtRung</c>, default 60 s).</summary>
    public TimeSpan MinTimeAtRung { get; init; } = Polling.Decisions.DecisionSettings.DefaultMinTimeAtRung;

    /// <summary>M: breaching polls in a row before aborting.</summary>
    public int BreachesToAbort { get; init; } = 2;

    /// <summary>The ladder's weights, ascending, each in (0, 100).</summary>
    public IReadOnlyList<int> Ladder { get; init; } = DefaultLadder;

    /// <summary>After the last rung, N more polls whose safe weight holds it (and the time at the rung) promote to full weight.</summary>
    public bool PromoteToFull { get; init; } = true;

    public static ReplayPolicySettings Default { get; } = new();

    /// <summary>Every problem, each with its field; empty when valid.</summary>
    public IReadOnlyList<ParameterProblem> Validate()
    {
        var problems = new List<ParameterProblem>();
        if (PollsToAdvance < 1) problems.Add(new(nameof(PollsToAdvance), $"must be at least 1 (was {PollsToAdvance})"));
        if (BreachesToAbort < 1) problems.Add(new(nameof(BreachesToAbort), $"must be at least 1 (was {BreachesToAbort})"));
        if (MinTimeAtRung < TimeSpan.Zero) problems.Add(new(nameof(MinTimeAtRung), $"must not be negative (was {MinTimeAtRung})"));
        if (Ladder.Count == 0) problems.Add(new(nameof(Ladder), "must have at least one rung"));
        for (var i = 0; i < Ladder.Count; i++)
        {
            if (Ladder[i] is <= 0 or >= 100) problems.Add(new(nameof(Ladder), $"rung {Ladder[i]} is outside 1–99"));
            else if (i > 0 && Ladder[i] <= Ladder[i - 1]) problems.Add(new(nameof(Ladder), $"rungs must rise ({Ladder[i - 1]} then {Ladder[i]})"));
        }
        return problems;
    }
}

/// <summary>What the policy did at one poll.</summary>
public enum ReplayAction
{
    Hold,
    Advance,
    Abort,
    PromoteFull,
}

/// <summary>
/// What a policy remembers between polls of one run. A struct: replays allocate nothing per poll.
/// The caller sets <see cref="At"/> before each decision; the policy keeps <see cref="RungEnteredAt"/>.
/// </summary>
public struct ReplayPolicyState
{
    /// <summary>The rung the canary is on (index into the ladder).</summary>
    public int Rung;
    public int ConsecutiveBreaches;
    public int ConsecutiveAdvancePolls;
    /// <summary>This poll's time, seconds after the run's start (set by the caller).</summary>
    public double At;
    /// <summary>When the canary entered its rung, seconds after the run's start (the first rung at 0).</summary>
    public double RungEnteredAt;
    /// <summary>Room for a policy that keeps its own objects (an adapter over another decider).</summary>
    public object? Custom;

    public static ReplayPolicyState Start => new() { Rung = 0 };
}

/// <summary>One decision of a policy: the action and, on advance, the rung it goes to.</summary>
public readonly record struct ReplayStep(ReplayAction Action, int TargetRung = -1);

/// <summary>
/// The decision the replay asks for at each poll. Swappable, so the backtest can run the live
/// poller's own decider once it is available, and tests can pin the rules.
/// </summary>
public interface IReplayPolicy
{
    /// <param name="engine">The rate window's point estimates: the safe weight (how far the ladder may go).</param>
    /// <param name="evidence">The evidence since the replay's own rung entry; null when the run has no counts there (hold).</param>
    ReplayStep Decide(ref ReplayPolicyState state, EngineAssessment engine, EvidenceAssessment? evidence, ReplayPolicySettings settings, int[] ladder);
}

/// <summary>
/// The live decider's rules (<c>RolloutDecider</c>), allocation-free:
/// <list type="bullet">
/// <item>the evidence since the rung's entry decides whether to abort or advance at all: a poll whose
/// evidence shows a breach counts, M in a row abort;</item>
/// <item>no evidence (no counts) or insufficient evidence holds: it neither counts as a breach nor
/// breaks a breach streak, and it resets the advance streak;</item>
/// <item>evidence within both thresholds ends a breach streak; the rate window's estimate then decides
/// how far: its breach or insufficient data holds (resetting the advance streak), and one rung per
/// advance, the next rung once the safe weight allowed it N polls in a row and the canary has been on
/// its rung for <see cref="ReplayPolicySettings.MinTimeAtRung"/>;</item>
/// <item>on the last rung, N polls in a row whose safe weight is at or above it, and the same time at
/// the rung, promote to full weight when <see cref="ReplayPolicySettings.PromoteToFull"/>.</item>
/// </list>
/// The replay has no ReplicaSets and no pauses: the canary is taken as scaled and paused on its rung.
/// </summary>
public sealed class LadderReplayPolicy : IReplayPolicy
{
    public static LadderReplayPolicy Instance { get; } = new();

    public ReplayStep Decide(ref ReplayPolicyState state, EngineAssessment engine, EvidenceAssessment? evidence, ReplayPolicySettings settings, int[] ladder)
    {
        switch (evidence?.Verdict)
        {
            case EvidenceVerdict.Breach:
                state.ConsecutiveAdvancePolls = 0;
                return ++state.ConsecutiveBreaches >= settings.BreachesToAbort ? new(ReplayAction.Abort) : new(ReplayAction.Hold);
            case null or EvidenceVerdict.Insufficient:
                state.ConsecutiveAdvancePolls = 0;
                return new(ReplayAction.Hold);
        }

        state.ConsecutiveBreaches = 0;
        if (engine.Verdict != Verdict.Proceed)
        {
            state.ConsecutiveAdvancePolls = 0;
            return new(ReplayAction.Hold);
        }
        var safe = engine.SafeWeight;
        var next = state.Rung + 1;
        var onLastRung = next >= ladder.Length;
        var allowed = onLastRung ? settings.PromoteToFull && safe >= ladder[state.Rung] : ladder[next] <= safe;
        if (!allowed)
        {
            state.ConsecutiveAdvancePolls = 0;
            return new(ReplayAction.Hold);
        }
        state.ConsecutiveAdvancePolls = Math.Min(state.ConsecutiveAdvancePolls + 1, settings.PollsToAdvance);
        if (state.ConsecutiveAdvancePolls < settings.PollsToAdvance || state.At - state.RungEnteredAt < settings.MinTimeAtRung.TotalSeconds)
            return new(ReplayAction.Hold);
        state.ConsecutiveAdvancePolls = 0;
        if (onLastRung)
            return new(ReplayAction.PromoteFull);
        state.Rung = next;
        state.RungEnteredAt = state.At;
        return new(ReplayAction.Advance, next);
    }
}
