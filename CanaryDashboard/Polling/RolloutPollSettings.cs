using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine;
using CanaryDashboard.Polling.Decisions;

namespace CanaryDashboard.Polling;

/// <summary>
/// Everything the poller needs about one rollout's settings: the decision settings, the engine
/// parameters (its threshold profile, else the configured ones) and its label-value overrides.
/// </summary>
public sealed record RolloutPollSettings(DecisionSettings Decision, EngineParameters Engine, RolloutSettings Stored)
{
    public static RolloutPollSettings From(RolloutSettings stored, EngineParameters engine) => new(
        new DecisionSettings(stored.Policy, stored.PollsToAdvance, stored.BreachesToAbort, stored.AllowAutoPromoteToFull),
        engine,
        stored);
}
