using CanaryDashboard.Backtest;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using static CanaryDashboard.Tests.Backtest.ConstructedRuns;

namespace CanaryDashboard.Tests.Backtest;

/// <summary>
/// Backtests over runs whose outcomes are known, every count and time computed by hand.
/// Engine defaults: breach above +20 % latency or +2 pp errors; a delta of 0 gives safe weight 100,
/// +10 % gives 5 + e^−1 × 95 = 39.9, +15 % gives 5 + e^−1.5 × 95 = 26.2. Ladder 1, 2, 5, 10, 20, 35, 50, 75,
/// one poll a minute, one rung per advance after N = 3 polls in a row and 60 s at the rung. With every
/// poll proceeding, the first advance is at poll 2 (120 s) and each next one 3 polls later (the rung is
/// entered at the advancing poll, so its 3 polls run 60, 120, 180 s after): rung r (r ≥ 1) at poll 3r − 1,
/// rung 75 (r = 7) at poll 20, full weight at poll 23 (1,380 s).
/// The decisions rest on the evidence since the rung's entry (<see cref="ConstructedRuns"/>: a million
/// requests per poll, so it is as sharp as the point estimates); the point estimates give the safe weight.
/// </summary>
public sealed class BacktesterTests
{
    private static Poll[] Healthy(int polls) => Enumerable.Repeat(P(0), polls).ToArray();

    // A: healthy, 24 polls: rungs at 120, 300, 480, 660, 840, 1,020, 1,200 s → full at 1,380 s.
    private static readonly RecordedRun A = Run("a-healthy", RecordedOutcome.Promoted, RunTruth.Healthy, Healthy(24));

    // B: latency regression from poll 2 (+100 %: the rung's evidence, two healthy polls and one at +100 %, is already
    // about +60 %). Breaches at polls 2 and 3 → abort at 180 s (M = 2).
    private static readonly RecordedRun B = Run("b-regression", RecordedOutcome.Aborted, RunTruth.Regression,
        P(0), P(0), P(1), P(1), P(1), P(1));

    // C: noisy but healthy: the rate window reads +25 % at polls 1 and 3, the counts are healthy. The evidence never
    // breaches (not even with M = 1); the estimate's breach holds and restarts the advance streak: polls 4, 5, 6 → rung 2
    // at 360 s, then every 3 polls: rung 75 at poll 24, full at poll 27 (1,620 s).
    private static readonly RecordedRun C = Run("c-noisy", RecordedOutcome.Promoted, RunTruth.Healthy,
        [P(0), Blip(0.25), P(0), Blip(0.25), .. Healthy(24)]);

    // D: +15 %, under the default threshold. Safe weight 26.2 allows the rungs up to 20, one at a time: rung 2 at
    // 120 s, rung 5 at 300 s, when the recording ends. Missed. With a 10 % threshold: breaches at 0 and 60 s → abort at 60 s.
    private static readonly RecordedRun D = Run("d-small-regression", RecordedOutcome.Promoted, RunTruth.Regression,
        P(0.15), P(0.15), P(0.15), P(0.15), P(0.15), P(0.15));

    // E: no label, recorded aborted → taken as a regression. Errors +3 pp: breaches at 0 and 60 s → abort at 60 s.
    private static readonly RecordedRun E = Run("e-errors", RecordedOutcome.Aborted, null,
        P(0, 0.03), P(0, 0.03), P(0, 0.03));

    // F: no label, superseded → not judged. Healthy: advances to rung 2 at 120 s, the recording ends there.
    private static readonly RecordedRun F = Run("f-superseded", RecordedOutcome.Superseded, null, P(0), P(0), P(0));

    // G: breach, a gap (10 requests, no counts: no evidence), breach. The gap neither counts nor breaks the streak → abort at 120 s.
    private static readonly RecordedRun G = Run("g-gap", RecordedOutcome.Aborted, RunTruth.Regression, P(0.3), Gap, P(0.3), P(0.3));

    /// <summary>The seven runs above (the studio's bUnit test replays them too).</summary>
    internal static readonly RecordedRun[] All = [A, B, C, D, E, F, G];

    private static BacktestSettings With(double latencyThreshold = 0.2, int m = 2, int n = 3, TimeSpan? minTimeAtRung = null) =>
        new(EngineParameters.Default with { LatencyThreshold = latencyThreshold },
            ReplayPolicySettings.Default with
            {
                BreachesToAbort = m, PollsToAdvance = n, MinTimeAtRung = minTimeAtRung ?? ReplayPolicySettings.Default.MinTimeAtRung,
            });

    [Fact]
    public void Default_settings_catch_three_miss_one_and_raise_no_false_alarm()
    {
        var side = Backtester.Run(All, BacktestSettings.Default);
        var s = side.Summary;

        Assert.Equal(7, s.Runs);
        Assert.Equal(3, s.WouldAbort);           // B, E, G
        Assert.Equal(3, s.RecordedAborts);       // B, E, G
        Assert.Equal(3, s.CaughtRegressions);    // B at 180 s, E at 60 s, G at 120 s
        Assert.Equal(0, s.FalseAlarms);
        Assert.Equal(1, s.MissedRegressions);    // D
        Assert.Equal(2, s.HealthyPassed);        // A, C
        Assert.Equal(1, s.NotJudged);            // F
        Assert.Equal(2, s.ReachedFullWeight);    // A at 1,380 s, C at 1,620 s
        Assert.Equal(TimeSpan.FromSeconds(120), s.MedianTimeToDetect);       // median of 60, 120, 180
        Assert.Equal(TimeSpan.FromSeconds(1500), s.MedianTimeToFullWeight);  // (1,380 + 1,620) / 2

        var byId = side.Replays.ToDictionary(r => r.Run.Id);
        Assert.Equal(TimeSpan.FromSeconds(180), byId["b-regression"].AbortAfter);
        Assert.Equal(TimeSpan.FromSeconds(120), byId["b-regression"].FirstBreachAfter);
        Assert.Equal(TimeSpan.FromSeconds(60), byId["e-errors"].AbortAfter);
        Assert.Equal(TimeSpan.FromSeconds(120), byId["g-gap"].AbortAfter);
        Assert.Equal(1, byId["g-gap"].InsufficientData);
        Assert.Equal(TimeSpan.FromSeconds(1380), byId["a-healthy"].FullWeightAfter);
        Assert.Equal(TimeSpan.FromSeconds(1620), byId["c-noisy"].FullWeightAfter);
        Assert.Equal(ReplayEnd.RecordingEnded, byId["d-small-regression"].End);
        Assert.Equal(ReplayJudgement.MissedRegression, byId["d-small-regression"].Judgement);
        Assert.Equal(ReplayJudgement.NotJudged, byId["f-superseded"].Judgement);
    }

    [Fact]
    public void A_lower_latency_threshold_catches_the_small_regression_sooner_without_false_alarms()
    {
        var comparison = Backtester.Compare(All, BacktestSettings.Default, With(latencyThreshold: 0.10));
        var s = comparison.Candidate.Summary;

        // B 180 s, D 60 s (+15 % > 10 %), E 60 s, G 120 s; C's blips are in the estimates only, its evidence is healthy.
        Assert.Equal(4, s.CaughtRegressions);
        Assert.Equal(0, s.FalseAlarms);
        Assert.Equal(0, s.MissedRegressions);
        Assert.Equal(2, s.HealthyPassed);
        Assert.Equal(4, s.WouldAbort);
        Assert.Equal(TimeSpan.FromSeconds(90), s.MedianTimeToDetect);        // median of 60, 60, 120, 180
        Assert.Equal(TimeSpan.FromSeconds(1500), s.MedianTimeToFullWeight);
        // The current side is the default's, unchanged.
        Assert.Equal(1, comparison.Current.Summary.MissedRegressions);
    }

    [Fact]
    public void Aborting_on_the_first_breach_aborts_sooner_and_the_estimates_blips_are_no_breach()
    {
        var s = Backtester.Run(All, With(m: 1)).Summary;

        // M = 1: B at 120 s, E at 0 s, G at 0 s; C's blips were never evidence of a breach; D still missed.
        Assert.Equal(3, s.CaughtRegressions);
        Assert.Equal(0, s.FalseAlarms);
        Assert.Equal(1, s.MissedRegressions);
        Assert.Equal(2, s.HealthyPassed);
        Assert.Equal(TimeSpan.FromSeconds(0), s.MedianTimeToDetect);          // median of 0, 0, 120
        Assert.Equal(TimeSpan.FromSeconds(1500), s.MedianTimeToFullWeight);   // A and C
    }

    [Fact]
    public void A_run_without_counts_holds_and_is_not_judged()
    {
        // B's polls, stored before counts were kept: the point estimates breach, but there is no evidence.
        var old = WithoutCounts("b-old", RecordedOutcome.Aborted, RunTruth.Regression, P(0), P(0), P(1), P(1), P(1), P(1));

        var side = Backtester.Run([old, A], BacktestSettings.Default);

        Assert.Equal(ReplayEnd.RecordingEnded, side.Replays[0].End);
        Assert.Equal([1], side.Replays[0].Rungs.Select(r => r.Weight));
        Assert.Equal(6, side.Replays[0].InsufficientData);
        Assert.Equal(ReplayJudgement.NotJudged, side.Replays[0].Judgement);
        Assert.Equal(1, side.Summary.WithoutCounts);
        Assert.Equal(1, side.Summary.NotJudged);
        Assert.Equal(0, side.Summary.MissedRegressions);
        Assert.Equal(1, side.Summary.HealthyPassed);
    }

    [Fact]
    public void The_evidence_starts_afresh_at_the_replays_own_rung_entry()
    {
        // Rung 1 healthy (advance at 120 s, poll 2), then +100 % from poll 3 on: the evidence since the entry at poll 2 holds
        // only the regressed polls, so it breaches at polls 3 and 4 → abort at 240 s.
        var run = Run("late", RecordedOutcome.Aborted, RunTruth.Regression, P(0), P(0), P(0), P(1), P(1), P(1));

        var replay = Backtester.Run([run], BacktestSettings.Default).Replays[0];

        Assert.Equal([1, 2], replay.Rungs.Select(r => r.Weight));
        Assert.Equal(TimeSpan.FromSeconds(180), replay.FirstBreachAfter);
        Assert.Equal(TimeSpan.FromSeconds(240), replay.AbortAfter);
    }

    [Fact]
    public void Rungs_reached_and_time_on_each_are_recorded()
    {
        var d = Backtester.Run([D], BacktestSettings.Default).Replays[0];

        // Rung 1 from 0 to 120 s, rung 2 from 120 to 300 s, rung 5 from 300 s, the last sample.
        Assert.Equal(
            [
                new RungVisit(1, TimeSpan.Zero, TimeSpan.FromSeconds(120)),
                new RungVisit(2, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(180)),
                new RungVisit(5, TimeSpan.FromSeconds(300), TimeSpan.Zero),
            ], d.Rungs);
        Assert.Equal(5, d.HighestWeight);

        var a = Backtester.Run([A], BacktestSettings.Default).Replays[0];
        // Every rung in turn, 3 polls (180 s) on each after the first, then full weight (100) at 1,380 s.
        Assert.Equal([1, 2, 5, 10, 20, 35, 50, 75, 100], a.Rungs.Select(r => r.Weight));
        Assert.All(a.Rungs.Skip(1).SkipLast(1), r => Assert.Equal(TimeSpan.FromSeconds(180), r.Duration));
        Assert.Equal(100, a.HighestWeight);
    }

    [Fact]
    public void An_advance_goes_one_rung_even_when_the_safe_weight_allows_the_top_one()
    {
        // Safe weight 100 at every poll (rung 75 allowed): after N = 3 polls the canary goes to 2, the next rung.
        var run = Run("one-rung", RecordedOutcome.Promoted, RunTruth.Healthy, P(0), P(0), P(0));

        var replay = Backtester.Run([run], BacktestSettings.Default).Replays[0];

        Assert.Equal([1, 2], replay.Rungs.Select(r => r.Weight));
        Assert.Equal(TimeSpan.FromSeconds(120), replay.Rungs[1].EnteredAfter);
    }

    [Fact]
    public void More_polls_to_advance_slow_the_climb()
    {
        // N = 5: polls 0–4 → rung 2 at 240 s; polls 5–9 → rung 5 at 540 s.
        var replay = Backtester.Run([A], With(n: 5)).Replays[0];

        Assert.Equal(TimeSpan.FromSeconds(240), replay.Rungs[1].EnteredAfter);
        Assert.Equal(TimeSpan.FromSeconds(540), replay.Rungs[2].EnteredAfter);
    }

    [Fact]
    public void A_longer_minimum_time_at_a_rung_slows_the_climb()
    {
        // 5 min at a rung: N is met at poll 2, the time at poll 5 (300 s) → rung 2; then 300 s more → rung 5 at 600 s.
        var replay = Backtester.Run([A], With(minTimeAtRung: TimeSpan.FromMinutes(5))).Replays[0];

        Assert.Equal(TimeSpan.FromSeconds(300), replay.Rungs[1].EnteredAfter);
        Assert.Equal(TimeSpan.FromSeconds(600), replay.Rungs[2].EnteredAfter);
    }

    [Fact]
    public void Without_promotion_to_full_weight_the_replay_stays_on_the_last_rung()
    {
        var replay = Backtester.Run([A], BacktestSettings.Default with { Policy = ReplayPolicySettings.Default with { PromoteToFull = false } }).Replays[0];

        Assert.Equal(ReplayEnd.RecordingEnded, replay.End);
        Assert.Null(replay.FullWeightAfter);
        Assert.Equal(75, replay.HighestWeight);
    }

    [Fact]
    public void Invalid_settings_are_refused_with_every_reason()
    {
        var bad = new BacktestSettings(EngineParameters.Default with { MinWeight = 60, MaxWeight = 50 },
            ReplayPolicySettings.Default with { BreachesToAbort = 0, Ladder = [5, 2] });

        var ex = Assert.Throws<ArgumentException>(() => Backtester.Run(All, bad));

        Assert.Contains("MinWeight", ex.Message);
        Assert.Contains("BreachesToAbort", ex.Message);
        Assert.Contains("rungs must rise", ex.Message);
    }

    [Fact]
    public void The_truth_of_an_unlabelled_run_comes_from_its_outcome()
    {
        Assert.Equal(RunTruth.Regression, Run("x", RecordedOutcome.Aborted, null, P(0)).Truth);
        Assert.Equal(RunTruth.Healthy, Run("x", RecordedOutcome.Promoted, null, P(0)).Truth);
        Assert.Equal(RunTruth.Unknown, Run("x", RecordedOutcome.Running, null, P(0)).Truth);
        // A label wins: an aborted run a person marked healthy was a false alarm of the real system.
        Assert.Equal(RunTruth.Healthy, Run("x", RecordedOutcome.Aborted, RunTruth.Healthy, P(0)).Truth);
    }

    [Fact]
    public void A_policy_can_be_swapped()
    {
        var never = new NeverAbort();
        var s = Backtester.Run(All, BacktestSettings.Default, never).Summary;

        Assert.Equal(0, s.WouldAbort);
        Assert.Equal(4, s.MissedRegressions);   // B, D, E, G
        Assert.True(never.Calls > 0);
    }

    /// <summary>A policy that only holds: proves the replay asks the policy it is given.</summary>
    private sealed class NeverAbort : IReplayPolicy
    {
        public int Calls;

        public ReplayStep Decide(ref ReplayPolicyState state, EngineAssessment engine, EvidenceAssessment? evidence, ReplayPolicySettings settings, int[] ladder)
        {
            Calls++;
            return new ReplayStep(ReplayAction.Hold);
        }
    }
}
