using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine;
using CanaryDashboard.Parameters;
using CanaryDashboard.Polling.Decisions;

namespace CanaryDashboard.Polling;

/// <summary>
/// Everything the poller needs about one rollout's settings: the decision settings (with the
/// configured <c>Polling:MinTimeAtRung</c>), the engine parameters in force (from the parameter
/// resolver) and where they came from (recorded with every sample and decision), and its
/// label-value overrides.
/// </summary>
public sealed record RolloutPollSettings(DecisionSettings Decision, EngineParameters Engine, RolloutSettings Stored, ParameterOrigin Origin)
{
    public static RolloutPollSettings From(RolloutSettings stored, EffectiveParameters parameters, TimeSpan minTimeAtRung) => new(
        new DecisionSettings(stored.Policy, stored.PollsToAdvance, stored.BreachesToAbort, stored.AllowAutoPromoteToFull)
        {
            MinTimeAtRung = minTimeAtRung,
        },
        parameters.Engine,
        stored,
        parameters.Origin);
}
