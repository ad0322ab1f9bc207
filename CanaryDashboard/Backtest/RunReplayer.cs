using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Backtest;

/// <summary>
/// Replays one recorded run through the engine, the evidence and a policy: every sample is assessed
/// with the candidate parameters (<see cref="WeightEngine.Assess"/> on the rate window's point
/// estimates: the safe weight), the evidence since the replay's <i>own</i> rung entry is weighed
/// (<see cref="EvidenceEngine.Assess"/> on the run's cumulative counts now minus at that entry), the
/// policy decides, and the rungs the canary would have stood on are recorded. A run without counts
/// gives the policy no evidence: it holds. The recorded traffic is replayed as it was: the replay
/// cannot know how the canary would have behaved at a weight it never really ran at.
/// </summary>
public static class RunReplayer
{
    /// <summary>Replays <paramref name="run"/>; parameters and settings must be valid (the backtester checks them once).</summary>
    public static RunReplay Replay(RecordedRun run, BacktestSettings backtest, IReplayPolicy policy, int[] ladder)
    {
        var (parameters, settings, evidenceParameters) = (backtest.Engine, backtest.Policy, backtest.Evidence);
        var samples = run.Samples;
        var counts = run.Counts;
        var entrySample = -1;   // the counts at the rung's entry: the run's start (zero) for the first rung
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
            var evidence = Evidence(counts, i, entrySample, at - enteredAt, parameters, evidenceParameters);
            if (evidence?.Verdict == EvidenceVerdict.Breach)
            {
                breaches++;
                firstBreachAt ??= at;
            }
            else if (evidence?.Verdict != EvidenceVerdict.WithinThreshold)
            {
                insufficient++;
            }

            var rungBefore = state.Rung;
            state.At = at;
            var step = policy.Decide(ref state, engine, evidence, settings, ladder);
            if (step.Action == ReplayAction.Advance)
            {
                visits[visitCount++] = new RungVisit(ladder[rungBefore], Span(enteredAt), Span(at - enteredAt));
                enteredAt = at;
                entrySample = i;
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

    /// <summary>
    /// The evidence over (entry, sample]: null (no evidence) without counts at the sample or at the
    /// rung's entry, as the live poller has none when it cannot read the counts.
    /// </summary>
    public static EvidenceAssessment? Evidence(RecordedCounts? counts, int sample, int entrySample, double windowSeconds,
        EngineParameters parameters, EvidenceParameters evidence)
    {
        if (counts is null || !counts.HasCounts(sample) || entrySample >= 0 && !counts.HasCounts(entrySample)) return null;
        return EvidenceEngine.Assess(counts.Since(sample, entrySample, TimeSpan.FromSeconds(windowSeconds)), parameters, evidence);
    }

    private static TimeSpan Span(double seconds) => TimeSpan.FromSeconds(seconds);

    private static TimeSpan? Span(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}
