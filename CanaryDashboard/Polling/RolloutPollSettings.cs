using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine;
using CanaryDashboard.Polling.Decisions;

namespace CanaryDashboard.Polling;

/// <summary>
/// Everything the poller needs about one rollout's settings: the decision settings (with the
/// configured <c>Polling:MinTimeAtRung</c>), the engine parameters (its threshold profile, else the
/// configured ones) and its label-value overrides.
/// </summary>
public sealed record RolloutPollSettings(DecisionSettings Decision, EngineParameters Engine, RolloutSettings Stored)
{
    public static RolloutPollSettings From(RolloutSettings stored, EngineParameters engine, TimeSpan minTimeAtRung) => new(
        new DecisionSettings(stored.Policy, stored.PollsToAdvance, stored.BreachesToAbort, stored.AllowAutoPromoteToFull)
        {
            MinTimeAtRung = minTimeAtRung,
        },
        engine,
        stored);
}
