using CanaryDashboard.Engine;

namespace CanaryDashboard.Backtest;

/// <summary>
/// The control loop's policy as a backtest replays it: N polls in a row allowing a higher rung to
/// advance, M breaching polls in a row to abort, the ladder of weights, and whether the loop may
/// take the canary to full weight after the last rung (as Auto with auto promotion would).
/// </summary>
public sealed record ReplayPolicySettings
{
    public static readonly int[] DefaultLadder = [1, 2, 5, 10, 20, 35, 50, 75];

    /// <summary>N: polls in a row whose safe weight allows a higher rung before advancing.</summary>
    public int PollsToAdvance { get; init; } = 3;

    /// <summary>M: breaching polls in a row before aborting.</summary>
    public int BreachesToAbort { get; init; } = 2;

    /// <summary>The ladder's weights, ascending, each in (0, 100).</summary>
    public IReadOnlyList<int> Ladder { get; init; } = DefaultLadder;

    /// <summary>After the last rung, N more polls whose safe weight holds it promote to full weight.</summary>
    public bool PromoteToFull { get; init; } = true;

    public static ReplayPolicySettings Default { get; } = new();

    /// <summary>Every problem, each with its field; empty when valid.</summary>
    public IReadOnlyList<ParameterProblem> Validate()
    {
        var problems = new List<ParameterProblem>();
        if (PollsToAdvance < 1) problems.Add(new(nameof(PollsToAdvance), $"must be at least 1 (was {PollsToAdvance})"));
        if (BreachesToAbort < 1) problems.Add(new(nameof(BreachesToAbort), $"must be at least 1 (was {BreachesToAbort})"));
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

/// <summary>What a policy remembers between polls of one run. A struct: replays allocate nothing per poll.</summary>
public struct ReplayPolicyState
{
    /// <summary>The rung the canary is on (index into the ladder).</summary>
    public int Rung;
    public int ConsecutiveBreaches;
    public int ConsecutiveAdvancePolls;
    /// <summary>The lowest rung every poll of the advance streak allowed; -1 when none.</summary>
    public int StreakTarget;
    /// <summary>Room for a policy that keeps its own objects (an adapter over another decider).</summary>
    public object? Custom;

    public static ReplayPolicyState Start => new() { Rung = 0, StreakTarget = -1 };
}

/// <summary>One decision of a policy: the action and, on advance, the rung it goes to.</summary>
public readonly record struct ReplayStep(ReplayAction Action, int TargetRung = -1);

/// <summary>
/// The decision the replay asks for at each poll. Swappable, so the backtest can run the live
/// poller's own decider once it is available, and tests can pin the rules.
/// </summary>
public interface IReplayPolicy
{
    ReplayStep Decide(ref ReplayPolicyState state, EngineAssessment engine, ReplayPolicySettings settings, int[] ladder);
}

/// <summary>
/// The control loop's rules (the poller's circuit breaker and ladder climber), allocation-free:
/// <list type="bullet">
/// <item>a breach counts, M in a row abort; a proceeding poll resets the count;</item>
/// <item>insufficient data holds: it neither counts as a breach nor breaks a breach streak, and it
/// resets the advance streak;</item>
/// <item>the engine's rung (the highest at or below the safe weight, forward only) is advanced to
/// once allowed N polls in a row; the target is the lowest rung every poll of the streak allowed;</item>
/// <item>on the last rung, N polls in a row whose safe weight is at or above it promote to full
/// weight when <see cref="ReplayPolicySettings.PromoteToFull"/>.</item>
/// </list>
/// </summary>
public sealed class LadderReplayPolicy : IReplayPolicy
{
    public static LadderReplayPolicy Instance { get; } = new();

    public ReplayStep Decide(ref ReplayPolicyState state, EngineAssessment engine, ReplayPolicySettings settings, int[] ladder)
    {
        switch (engine.Verdict)
        {
            case Verdict.Breach:
                state.ConsecutiveAdvancePolls = 0;
                state.StreakTarget = -1;
                return ++state.ConsecutiveBreaches >= settings.BreachesToAbort ? new(ReplayAction.Abort) : new(ReplayAction.Hold);
            case Verdict.InsufficientData:
                state.ConsecutiveAdvancePolls = 0;
                state.StreakTarget = -1;
                return new(ReplayAction.Hold);
        }

        state.ConsecutiveBreaches = 0;
        var safe = engine.SafeWeight;
        var candidate = -1;
        for (var r = state.Rung + 1; r < ladder.Length && ladder[r] <= safe; r++)
            candidate = r;

        if (candidate >= 0)
        {
            state.StreakTarget = state.StreakTarget >= 0 && state.StreakTarget < candidate ? state.StreakTarget : candidate;
            if (++state.ConsecutiveAdvancePolls < settings.PollsToAdvance)
                return new(ReplayAction.Hold);
            var target = state.StreakTarget;
            state.Rung = target;
            state.ConsecutiveAdvancePolls = 0;
            state.StreakTarget = -1;
            return new(ReplayAction.Advance, target);
        }

        state.StreakTarget = -1;
        var onLastRung = state.Rung == ladder.Length - 1;
        if (!onLastRung || !settings.PromoteToFull || safe < ladder[state.Rung])
        {
            state.ConsecutiveAdvancePolls = 0;
            return new(ReplayAction.Hold);
        }
        if (++state.ConsecutiveAdvancePolls < settings.PollsToAdvance)
            return new(ReplayAction.Hold);
        state.ConsecutiveAdvancePolls = 0;
        return new(ReplayAction.PromoteFull);
    }
}
