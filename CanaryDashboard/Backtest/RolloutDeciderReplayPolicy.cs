using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Model;
using CanaryDashboard.Polling.Decisions;

namespace CanaryDashboard.Backtest;

/// <summary>
/// The live poller's own <see cref="RolloutDecider"/> as a replay policy (Auto, paused on the
/// ladder's pause step after each rung, the canary scaled, the rung entered when the replay advanced). Exact, but it builds words and lists per poll: for the
/// studio's default the allocation-free <see cref="LadderReplayPolicy"/> is used, and a test holds
/// the two equal.
/// </summary>
public sealed class RolloutDeciderReplayPolicy : IReplayPolicy
{
    public static RolloutDeciderReplayPolicy Instance { get; } = new();

    /// <summary>The replay's clock: seconds after the run's start on an arbitrary day.</summary>
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public ReplayStep Decide(ref ReplayPolicyState state, EngineAssessment engine, EvidenceAssessment? evidence, ReplayPolicySettings settings, int[] ladder)
    {
        // A Rollout ladder: setWeight at step 2i, pause: {} at step 2i + 1; the canary waits on the pause, scaled.
        var rungs = new LadderRung[ladder.Length];
        for (var i = 0; i < ladder.Length; i++) rungs[i] = new LadderRung(2 * i, ladder[i]);
        var position = new RolloutPosition("replay", 2 * state.Rung + 1, rungs, PausedOnLadderStep: true)
        {
            RungEnteredAt = Epoch.AddSeconds(state.RungEnteredAt),
        };
        var result = new EngineResult(engine.Verdict, null, null, null, null, null,
            engine.Verdict == Verdict.InsufficientData ? null : engine.SafeWeight, false, "");
        // The evidence since the replay's own rung entry (null for a run without counts: the decider holds on it).
        var decision = RolloutDecider.Decide(state.Custom as DecisionCounters ?? DecisionCounters.Initial, position, result, evidence, metricsAvailable: true,
            new DecisionSettings(RolloutPolicy.Auto, settings.PollsToAdvance, settings.BreachesToAbort, settings.PromoteToFull)
            {
                MinTimeAtRung = settings.MinTimeAtRung,
            },
            Epoch.AddSeconds(state.At));
        state.Custom = decision.Counters;
        switch (decision.Action)
        {
            case PollAction.Abort:
                return new ReplayStep(ReplayAction.Abort);
            case PollAction.PromoteFull:
                return new ReplayStep(ReplayAction.PromoteFull);
            case PollAction.Advance when decision.Target is { } target:
                state.Rung = target.StepIndex / 2;
                state.RungEnteredAt = state.At;
                return new ReplayStep(ReplayAction.Advance, state.Rung);
            default:
                return new ReplayStep(ReplayAction.Hold);
        }
    }
}
