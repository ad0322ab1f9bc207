using CanaryDashboard.Engine;

namespace CanaryDashboard.Backtest;

/// <summary>
/// Replays one recorded run through the engine and a policy: every sample is assessed with the
/// candidate parameters (<see cref="WeightEngine.Assess"/>, the engine's own formula), the policy
/// decides, and the rungs the canary would have stood on are recorded. The recorded metrics are
/// replayed as they were: the replay cannot know how the canary would have behaved at a weight it
/// never really ran at.
/// </summary>
public static class RunReplayer
{
    /// <summary>Replays <paramref name="run"/>; parameters and settings must be valid (the backtester checks them once).</summary>
    public static RunReplay Replay(RecordedRun run, EngineParameters parameters, ReplayPolicySettings settings, IReplayPolicy policy, int[] ladder)
    {
        var samples = run.Samples;
        // At most one visit per rung plus full weight; trimmed at the end.
        var visits = new RungVisit[ladder.Length + 1];
        var visitCount = 0;
        var state = ReplayPolicyState.Start;
        var enteredAt = 0.0;
        var end = ReplayEnd.RecordingEnded;
        double? abortAt = null, firstBreachAt = null, fullAt = null;
        int breaches = 0, insufficient = 0;
        var lastAt = 0.0;
        var first = samples.Length > 0 ? samples[0].OffsetSeconds : 0;

        for (var i = 0; i < samples.Length; i++)
        {
            ref readonly var s = ref samples[i];
            var at = s.OffsetSeconds - first;
            lastAt = at;
            var engine = WeightEngine.Assess(s.CanaryP99, s.StableP99, s.CanaryErrorRate, s.StableErrorRate, s.CanaryRequests, s.StableRequests, parameters);
            if (engine.Verdict == Verdict.Breach)
            {
                breaches++;
                firstBreachAt ??= at;
            }
            else if (engine.Verdict == Verdict.InsufficientData)
            {
                insufficient++;
            }

            var rungBefore = state.Rung;
            state.At = at;
            var step = policy.Decide(ref state, engine, settings, ladder);
            if (step.Action == ReplayAction.Advance)
            {
                visits[visitCount++] = new RungVisit(ladder[rungBefore], Span(enteredAt), Span(at - enteredAt));
                enteredAt = at;
            }
            else if (step.Action == ReplayAction.Abort)
            {
                end = ReplayEnd.Aborted;
                abortAt = at;
                break;
            }
            else if (step.Action == ReplayAction.PromoteFull)
            {
                end = ReplayEnd.FullWeight;
                fullAt = at;
                break;
            }
        }

        visits[visitCount++] = new RungVisit(ladder[state.Rung], Span(enteredAt), Span(lastAt - enteredAt));
        var highest = ladder[state.Rung];
        if (end == ReplayEnd.FullWeight)
        {
            highest = (int)Math.Round(parameters.MaxWeight);
            visits[visitCount++] = new RungVisit(highest, Span(lastAt), TimeSpan.Zero);
        }
        Array.Resize(ref visits, visitCount);
        return new RunReplay(run, end, Span(abortAt), Span(firstBreachAt), Span(fullAt), highest, visits, breaches, insufficient);
    }

    private static TimeSpan Span(double seconds) => TimeSpan.FromSeconds(seconds);

    private static TimeSpan? Span(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}
