using CanaryDashboard.Model;

namespace CanaryDashboard.Polling.Decisions;

/// <summary>
/// How the control loop treats one rollout: the policy, N (polls in a row the next rung must be
/// allowed before advancing), M (breaching polls in a row before aborting), whether Auto may take
/// the rollout to 100 % by itself, and the minimum time at a rung before it advances
/// (<c>Polling:MinTimeAtRung</c>; see the Polling README for the default).
/// </summary>
public sealed record DecisionSettings(
    RolloutPolicy Policy = RolloutPolicy.Observe,
    int PollsToAdvance = DecisionSettings.DefaultPollsToAdvance,
    int BreachesToAbort = DecisionSettings.DefaultBreachesToAbort,
    bool AllowAutoPromoteToFull = false)
{
    public const int DefaultPollsToAdvance = 3;
    public const int DefaultBreachesToAbort = 2;

    /// <summary>The default of <c>Polling:MinTimeAtRung</c>: 60 s (justified in the Polling README).</summary>
    public static readonly TimeSpan DefaultMinTimeAtRung = TimeSpan.FromSeconds(60);

    /// <summary>How long the current rung must have served its weight at its desired replicas before the next one.</summary>
    public TimeSpan MinTimeAtRung { get; init; } = DefaultMinTimeAtRung;

    /// <summary>Observe, N = 3, M = 2, no auto promotion to 100 %, 60 s at a rung.</summary>
    public static DecisionSettings Default { get; } = new();
}
