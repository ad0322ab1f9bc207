using CanaryDashboard.Model;

namespace CanaryDashboard.Polling.Decisions;

/// <summary>
/// How the control loop treats one rollout: the policy, N (polls in a row a higher rung must be
/// allowed before advancing), M (breaching polls in a row before aborting) and whether Auto may
/// take the rollout to 100 % by itself.
/// </summary>
public sealed record DecisionSettings(
    RolloutPolicy Policy = RolloutPolicy.Observe,
    int PollsToAdvance = DecisionSettings.DefaultPollsToAdvance,
    int BreachesToAbort = DecisionSettings.DefaultBreachesToAbort,
    bool AllowAutoPromoteToFull = false)
{
    public const int DefaultPollsToAdvance = 3;
    public const int DefaultBreachesToAbort = 2;

    /// <summary>Observe, N = 3, M = 2, no auto promotion to 100 %.</summary>
    public static DecisionSettings Default { get; } = new();
}
