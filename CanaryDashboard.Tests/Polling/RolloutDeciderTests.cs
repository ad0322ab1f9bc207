using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using CanaryDashboard.Polling.Decisions;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Polling;

/// <summary>
/// The circuit breaker and ladder rules, one poll at a time, on real engine results. The clock is a
/// <see cref="FakeTimeProvider"/> moved 5 s per poll; unless a test says otherwise the rung was entered
/// 5 minutes before the first poll (past the 60 s minimum), its canary scaled.
/// </summary>
public sealed class RolloutDeciderTests
{
    // The seeded ladder: setWeight at even steps, pause: {} after each.
    private static readonly LadderRung[] SeedLadder =
        [new(0, 1), new(2, 2), new(4, 5), new(6, 10), new(8, 20), new(10, 35), new(12, 50), new(14, 75)];

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private static readonly DecisionSettings Auto = new(RolloutPolicy.Auto);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Paused on the pause step after the rung of <paramref name="weight"/>, entered <paramref name="enteredAgo"/> before now (default 5 min).</summary>
    private RolloutPosition PausedAt(int weight, IReadOnlyList<LadderRung>? rungs = null, string revision = "rev1", TimeSpan? enteredAgo = null,
        int maxWeight = 100)
    {
        rungs ??= SeedLadder;
        var rung = rungs.Single(r => r.Weight == weight);
        var entered = _clock.GetUtcNow() - (enteredAgo ?? TimeSpan.FromMinutes(5));
        return new RolloutPosition(revision, rung.StepIndex + 1, rungs, PausedOnLadderStep: true, MaxWeight: maxWeight)
        {
            PauseStartedAt = entered,
            RungEnteredAt = entered,
            Canary = new CanaryReplicas(2, 2, AtDesired: true),
        };
    }

    private static EngineResult Proceed(double latencyDelta) => WeightEngine.EvaluateDeltas(latencyDelta, 0, EngineParameters.Default);
    private static readonly EngineResult Safe62 = Proceed(0.05);      // exp(-0.5) → 62.6
    private static readonly EngineResult Safe40 = Proceed(0.10);      // exp(-1) → 39.9
    private static readonly EngineResult Safe19 = Proceed(0.19);      // exp(-1.9) → 19.2
    private static readonly EngineResult Full = Proceed(0);           // 100
    private static readonly EngineResult Breach = WeightEngine.EvaluateDeltas(0.40, 0, EngineParameters.Default);
    private static readonly EngineResult NoData = WeightEngine.Evaluate(new EngineInputs(null, 0.12, null, 0.002, 0, 6000), EngineParameters.Default);

    /// <summary>The breaching evidence as the rules quote it.</summary>
    private static readonly string Shown = DecisionEvidence.Breach.Latency.Reason;

    private RolloutDecision Decide(DecisionCounters counters, RolloutPosition position, EngineResult engine, DecisionSettings settings) =>
        RolloutDecider.Decide(counters, position, engine, DecisionEvidence.Matching(engine), metricsAvailable: true, settings, _clock.GetUtcNow());

    /// <summary>Runs polls 5 s apart, threading the counters; returns every decision.</summary>
    private List<RolloutDecision> Run(DecisionSettings settings, RolloutPosition position, params EngineResult?[] polls)
    {
        var counters = DecisionCounters.Initial;
        var decisions = new List<RolloutDecision>();
        foreach (var poll in polls)
        {
            var d = RolloutDecider.Decide(counters, position, poll ?? NoData, poll is null ? null : DecisionEvidence.Matching(poll), poll is not null, settings,
                _clock.GetUtcNow());
            decisions.Add(d);
            counters = d.Counters;
            _clock.Advance(Poll);
        }
        return decisions;
    }

    [Fact]
    public void The_engine_results_used_here_have_the_weights_the_tests_assume()
    {
        Assert.Equal(62.6, Safe62.SafeWeight);
        Assert.Equal(39.9, Safe40.SafeWeight);
        Assert.Equal(19.2, Safe19.SafeWeight);
        Assert.Equal(100, Full.SafeWeight);
        Assert.Equal(Verdict.Breach, Breach.Verdict);
        Assert.Equal(Verdict.InsufficientData, NoData.Verdict);
    }

    [Fact]
    public void A_healthy_canary_in_Auto_advances_one_rung_after_N_polls_even_when_the_safe_weight_allows_more()
    {
        // 62.6 would allow rung 50; only the next rung (35) is ever a target.
        var d = Run(Auto, PausedAt(20), Safe62, Safe62, Safe62);

        Assert.Equal([PollAction.Hold, PollAction.Hold, PollAction.Advance], d.Select(x => x.Action));
        Assert.Equal("safe weight 62.6 allows rung 35: holding, 1 of 3 polls", d[0].Rule);
        Assert.Equal("safe weight 62.6 allows rung 35: holding, 2 of 3 polls", d[1].Rule);
        // Entered 5 min before the first poll; the third poll is 10 s later.
        Assert.Equal("safe weight 62.6 allows rung 35 for 3 of 3 polls, 5 min 10 s at rung 20 → advance to step 10", d[2].Rule);
        Assert.Equal(new LadderRung(10, 35), d[2].Target);
        Assert.Equal(35, d[2].TargetPercent);
        Assert.True(d[2].Send);
        Assert.False(d[0].Send);
        Assert.Equal((3, 3), (d[2].Count, d[2].Required));
        Assert.Equal(0, d[2].Counters.ConsecutiveAdvancePolls);
    }

    [Fact]
    public void A_poll_whose_safe_weight_is_short_of_the_next_rung_restarts_the_streak()
    {
        var d = Run(Auto, PausedAt(20), Safe62, Safe19, Safe62);

        Assert.Equal("hold at weight 20: the next rung (35) is above the safe weight 19.2; " +
                     "the safe weight 19.2 is below the current weight, the ladder never moves back", d[1].Rule);
        Assert.Equal("safe weight 62.6 allows rung 35: holding, 1 of 3 polls", d[2].Rule);
        Assert.All(d, x => Assert.Equal(PollAction.Hold, x.Action));
    }

    [Fact]
    public void N_of_one_advances_on_the_first_poll_to_the_next_rung_only()
    {
        var d = Run(Auto with { PollsToAdvance = 1 }, PausedAt(5), Safe40);
        Assert.Equal(PollAction.Advance, d[0].Action);
        Assert.Equal(new LadderRung(6, 10), d[0].Target);
    }

    [Fact]
    public void No_advance_before_the_minimum_time_at_the_rung()
    {
        // The rung starts now; polls at 0, 5, …, 60 s. N is met at 10 s, the 60 s minimum at the 13th poll.
        var d = Run(Auto, PausedAt(20, enteredAgo: TimeSpan.Zero), Enumerable.Repeat<EngineResult?>(Safe62, 13).ToArray());

        Assert.Equal("safe weight 62.6 allows rung 35: holding, 2 of 3 polls", d[1].Rule);
        Assert.Equal("safe weight 62.6 allows rung 35 for 3 of 3 polls, but 10 s at rung 20 of the 60 s minimum → hold", d[2].Rule);
        Assert.Equal("safe weight 62.6 allows rung 35 for 3 of 3 polls, but 55 s at rung 20 of the 60 s minimum → hold", d[11].Rule);
        Assert.All(d.Take(12), x => Assert.Equal(PollAction.Hold, x.Action));
        Assert.Equal(PollAction.Advance, d[12].Action);
        Assert.Equal("safe weight 62.6 allows rung 35 for 3 of 3 polls, 60 s at rung 20 → advance to step 10", d[12].Rule);
        Assert.Equal(3, d[11].Counters.ConsecutiveAdvancePolls);   // the streak is kept while the time runs
    }

    [Fact]
    public void The_minimum_time_comes_from_the_settings_and_zero_leaves_N_polls_alone()
    {
        var longer = Run(Auto with { MinTimeAtRung = TimeSpan.FromMinutes(10) }, PausedAt(20), Safe62, Safe62, Safe62);
        Assert.Equal("safe weight 62.6 allows rung 35 for 3 of 3 polls, but 5 min 10 s at rung 20 of the 10 min 0 s minimum → hold", longer[2].Rule);

        var none = Run(Auto with { MinTimeAtRung = TimeSpan.Zero }, PausedAt(20, enteredAgo: TimeSpan.Zero), Safe62, Safe62, Safe62);
        Assert.Equal(PollAction.Advance, none[2].Action);
    }

    [Fact]
    public void A_rung_whose_start_is_unknown_is_not_advanced_from()
    {
        var unknown = PausedAt(20) with { RungEnteredAt = null };
        var d = Run(Auto, unknown, Safe62, Safe62, Safe62);
        Assert.Equal("safe weight 62.6 allows rung 35 for 3 of 3 polls, but the start of rung 20 is not known yet (the 60 s minimum at a rung counts from it) → hold",
            d[2].Rule);
    }

    [Fact]
    public void No_advance_while_the_canary_lacks_its_available_replicas_and_the_streak_restarts()
    {
        var scaling = PausedAt(20) with { Canary = new CanaryReplicas(2, 1, AtDesired: false) };
        var d = Run(Auto, scaling, Safe62, Safe62, Safe62, Safe62);

        Assert.All(d, x => Assert.Equal(PollAction.Hold, x.Action));
        Assert.Equal("the canary ReplicaSet has 1 of 2 available replicas for its step (Argo's AtDesiredReplicaCountsForCanary): " +
                     "Argo routes the previous weight until it has them → hold", d[3].Rule);
        Assert.Equal(0, d[3].Counters.ConsecutiveAdvancePolls);

        // Scaled again: N fresh polls are needed.
        var back = Decide(d[3].Counters, PausedAt(20), Safe62, Auto);
        Assert.Equal("safe weight 62.6 allows rung 35: holding, 1 of 3 polls", back.Rule);

        // A breach is still a breach.
        Assert.Equal(PollAction.Abort, Run(Auto, scaling, Breach, Breach)[1].Action);
    }

    [Fact]
    public void A_regression_is_aborted_after_M_breaches_in_a_row()
    {
        var d = Run(Auto, PausedAt(20), Breach, Breach);

        Assert.Equal($"breach 1 of 2 ({Shown}) → hold", d[0].Rule);
        Assert.Equal(PollAction.Hold, d[0].Action);
        Assert.False(d[0].Send);
        Assert.Equal($"breach 2 of 2 ({Shown}) → abort", d[1].Rule);
        Assert.Equal(PollAction.Abort, d[1].Action);
        Assert.True(d[1].Send);
        Assert.Equal((2, 2), (d[1].Count, d[1].Required));
    }

    [Fact]
    public void M_is_taken_from_the_settings()
    {
        var d = Run(Auto with { BreachesToAbort = 4 }, PausedAt(20), Breach, Breach, Breach, Breach);
        Assert.Equal([PollAction.Hold, PollAction.Hold, PollAction.Hold, PollAction.Abort], d.Select(x => x.Action));
        Assert.Equal($"breach 3 of 4 ({Shown}) → hold", d[2].Rule);
    }

    [Fact]
    public void A_proceeding_poll_between_breaches_resets_the_breach_count()
    {
        var d = Run(Auto, PausedAt(20), Breach, Safe19, Breach, Safe19, Breach);
        Assert.DoesNotContain(d, x => x.Action == PollAction.Abort);
        Assert.Equal($"breach 1 of 2 ({Shown}) → hold", d[4].Rule);
    }

    [Fact]
    public void Insufficient_data_holds_and_neither_counts_nor_breaks_a_breach_streak()
    {
        var d = Run(Auto, PausedAt(20), Breach, NoData, Breach);

        Assert.Equal($"not enough evidence yet ({DecisionEvidence.Insufficient.Latency.Reason}; {DecisionEvidence.Insufficient.Errors.Reason}) → hold", d[1].Rule);
        Assert.Equal(PollAction.Hold, d[1].Action);
        Assert.Equal(1, d[1].Counters.ConsecutiveBreaches);
        Assert.Equal(PollAction.Abort, d[2].Action);
    }

    [Fact]
    public void Insufficient_data_alone_never_aborts_and_never_advances()
    {
        var d = Run(Auto with { PollsToAdvance = 1, BreachesToAbort = 1 }, PausedAt(20), NoData, NoData, NoData, NoData);
        Assert.All(d, x => Assert.Equal(PollAction.Hold, x.Action));
        Assert.All(d, x => Assert.False(x.Send));
    }

    [Fact]
    public void Insufficient_data_restarts_the_advance_streak()
    {
        var d = Run(Auto, PausedAt(20), Safe62, Safe62, NoData, Safe62, Safe62);
        Assert.Equal([PollAction.Hold, PollAction.Hold, PollAction.Hold, PollAction.Hold, PollAction.Hold], d.Select(x => x.Action));
        Assert.Equal("safe weight 62.6 allows rung 35: holding, 2 of 3 polls", d[4].Rule);
    }

    [Fact]
    public void A_metrics_outage_never_aborts_even_with_M_of_one_or_a_breach_streak_pending()
    {
        var strict = Auto with { BreachesToAbort = 1 };
        var outage = RolloutDecider.Decide(DecisionCounters.Initial, PausedAt(20), NoData, DecisionEvidence.Breach, metricsAvailable: false, strict,
            _clock.GetUtcNow());
        Assert.Equal(PollAction.Hold, outage.Action);
        Assert.False(outage.Send);
        Assert.Equal("metrics unavailable → hold (an outage never aborts)", outage.Rule);

        // Even a breaching engine result cannot abort when the backend was reported down.
        var pending = new DecisionCounters("rev1", 21, 1, 0);
        var d = RolloutDecider.Decide(pending, PausedAt(20), Breach, DecisionEvidence.Breach, metricsAvailable: false, Auto, _clock.GetUtcNow());
        Assert.Equal(PollAction.Hold, d.Action);
        Assert.Equal(1, d.Counters.ConsecutiveBreaches);
    }

    [Fact]
    public void A_long_outage_sends_nothing_in_any_policy()
    {
        foreach (var policy in Enum.GetValues<RolloutPolicy>())
        {
            var d = Run(new DecisionSettings(policy, 1, 1), PausedAt(20), null, null, null, null, null);
            Assert.All(d, x => Assert.False(x.Send));
            Assert.All(d, x => Assert.NotEqual(PollAction.Abort, x.Action));
        }
    }

    [Fact]
    public void The_streak_counts_while_not_paused_but_the_advance_waits_for_the_pause_step()
    {
        var running = PausedAt(20) with { PausedOnLadderStep = false };
        var d = Run(Auto, running, Safe62, Safe62, Safe62);

        Assert.Equal(PollAction.Hold, d[2].Action);
        Assert.Equal("safe weight 62.6 allows rung 35 for 3 of 3 polls, but the rollout is not paused on a ladder step (step 9) → hold", d[2].Rule);

        var paused = Decide(d[2].Counters, running with { PausedOnLadderStep = true }, Safe62, Auto);
        Assert.Equal(PollAction.Advance, paused.Action);
        Assert.Equal(new LadderRung(10, 35), paused.Target);
    }

    [Fact]
    public void A_rollout_paused_by_a_person_is_never_advanced_but_is_still_aborted_on_breach()
    {
        var manual = PausedAt(20) with { ManuallyPaused = true };
        var healthy = Run(Auto, manual, Safe62, Safe62, Safe62, Safe62);
        Assert.All(healthy, x => Assert.Equal(PollAction.Hold, x.Action));
        Assert.Equal("safe weight 62.6 allows rung 35 for 3 of 3 polls, but the rollout is paused by a person (spec.paused): " +
                     "Argo does not scale it until it is resumed → hold", healthy[3].Rule);

        var regressed = Run(Auto, manual, Breach, Breach);
        Assert.Equal(PollAction.Abort, regressed[1].Action);
    }

    [Fact]
    public void An_inconclusive_analysis_pause_is_never_advanced_past()
    {
        var inconclusive = PausedAt(20) with { PausedOnLadderStep = false, InconclusivePause = "InconclusiveAnalysisRun" };
        var d = Run(Auto, inconclusive, Safe62, Safe62, Safe62);

        Assert.All(d, x => Assert.Equal(PollAction.Hold, x.Action));
        Assert.Equal("safe weight 62.6 allows rung 35 for 3 of 3 polls, but Argo paused it on an inconclusive result (InconclusiveAnalysisRun): " +
                     "promoting past it is a person's call → hold", d[2].Rule);
    }

    [Fact]
    public void A_new_revision_starts_with_fresh_counters_so_the_old_streak_never_advances_it()
    {
        var old = new DecisionCounters("rev1", 9, 1, 2);
        var d = Decide(old, PausedAt(20, revision: "rev2"), Breach, Auto);
        Assert.Equal($"breach 1 of 2 ({Shown}) → hold", d.Rule);
        Assert.Equal("rev2", d.Counters.Revision);

        // rev1 had 2 of 3 polls: a third poll would have advanced it, but rev2 starts at 1.
        var climbing = Decide(old, PausedAt(20, revision: "rev2"), Safe62, Auto);
        Assert.Equal(PollAction.Hold, climbing.Action);
        Assert.Equal("safe weight 62.6 allows rung 35: holding, 1 of 3 polls", climbing.Rule);
        Assert.Equal(PollAction.Advance, Decide(old, PausedAt(20), Safe62, Auto).Action);
    }

    [Fact]
    public void Never_backwards_a_safe_weight_below_the_current_rung_holds()
    {
        var d = Run(Auto with { PollsToAdvance = 1 }, PausedAt(35), Safe19, Safe19);
        Assert.All(d, x => Assert.Equal(PollAction.Hold, x.Action));
        Assert.Equal("hold at weight 35: the next rung (50) is above the safe weight 19.2; the safe weight 19.2 is below the current weight, the ladder never moves back",
            d[0].Rule);
        Assert.Null(d[0].Target);
    }

    [Fact]
    public void A_safe_weight_short_of_the_next_rung_holds_with_the_ladders_reason()
    {
        var d = Run(Auto, PausedAt(10), Safe19);
        Assert.Equal(PollAction.Hold, d[0].Action);
        Assert.Equal("hold at weight 10: the next rung (20) is above the safe weight 19.2", d[0].Rule);
        Assert.Equal(0, d[0].Counters.ConsecutiveAdvancePolls);
    }

    [Fact]
    public void Rungs_in_maxTrafficWeight_units_are_converted_to_percent()
    {
        // maxTrafficWeight 1000: 10, 50, 200, 350, 500, 750 are 1, 5, 20, 35, 50, 75 %.
        LadderRung[] permille = [new(0, 10), new(2, 50), new(4, 200), new(6, 350), new(8, 500), new(10, 750)];

        var d = Run(Auto, PausedAt(200, permille, maxWeight: 1000), Safe40, Safe40, Safe40);
        Assert.Equal("safe weight 39.9 allows rung 35 % (setWeight 350 of 1000): holding, 1 of 3 polls", d[0].Rule);
        Assert.Equal(PollAction.Advance, d[2].Action);
        Assert.Equal(new LadderRung(6, 350), d[2].Target);
        Assert.Equal(35, d[2].TargetPercent);

        var held = Run(Auto, PausedAt(350, permille, maxWeight: 1000), Safe40);
        Assert.Equal("hold at weight 35 % (setWeight 350 of 1000): the next rung (50 % (setWeight 500 of 1000)) is above the safe weight 39.9", held[0].Rule);

        // 75 % of 1000 is the last rung; promoting to full weight says 100 %, not 1000 %.
        var last = Run(Auto, PausedAt(750, permille, maxWeight: 1000), Full);
        Assert.Equal("last rung (75 % (setWeight 750 of 1000)) reached: promoting to 100 % is left to a person → hold", last[0].Rule);
    }

    [Fact]
    public void The_weights_Argo_walks_on_to_before_its_next_stop_must_be_allowed_too()
    {
        // setWeight 20, pause, setWeight 35, setWeight 50, pause: from the first pause Argo goes to 50 by itself.
        LadderRung[] rungs = [new(0, 20), new(2, 35), new(3, 50)];
        var position = new RolloutPosition("rev1", 1, rungs, PausedOnLadderStep: true)
        {
            StepKinds = ["setWeight", "pause", "setWeight", "setWeight", "pause"],
            RungEnteredAt = _clock.GetUtcNow().AddMinutes(-5),
        };

        var held = Run(Auto, position, Safe40);
        Assert.Equal("hold at weight 20: the next rung (35, and Argo walks on to 50 before its next stop) is above the safe weight 39.9", held[0].Rule);

        var allowed = Run(Auto, position, Safe62, Safe62, Safe62);
        Assert.Equal(new LadderRung(2, 35), allowed[2].Target);
    }

    [Fact]
    public void An_advance_that_would_skip_an_analysis_step_is_left_to_a_person()
    {
        LadderRung[] rungs = [new(0, 20), new(3, 35)];
        var position = new RolloutPosition("rev1", 1, rungs, PausedOnLadderStep: true)
        {
            StepKinds = ["setWeight", "pause", "analysis", "setWeight", "pause"],
            RungEnteredAt = _clock.GetUtcNow().AddMinutes(-5),
        };

        var d = Run(Auto, position, Safe62, Safe62, Safe62);
        Assert.All(d, x => Assert.Equal(PollAction.Hold, x.Action));
        Assert.Equal("advancing to rung 35 (step 3) would skip step 2 (analysis): promoting through them is left to a person → hold", d[2].Rule);
    }

    [Fact]
    public void On_the_last_rung_promoting_to_100_is_left_to_a_person_by_default()
    {
        var d = Run(Auto, PausedAt(75), Full, Full, Full, Full);
        Assert.All(d, x => Assert.Equal(PollAction.Hold, x.Action));
        Assert.Equal("last rung (75) reached: promoting to 100 % is left to a person → hold", d[3].Rule);
    }

    [Fact]
    public void On_the_last_rung_Auto_promotes_to_full_after_N_polls_and_the_time_at_the_rung_when_the_settings_allow_it()
    {
        var d = Run(Auto with { AllowAutoPromoteToFull = true }, PausedAt(75), Full, Full, Full);
        Assert.Equal([PollAction.Hold, PollAction.Hold, PollAction.PromoteFull], d.Select(x => x.Action));
        Assert.Equal("safe weight 100.0 holds the last rung (75) for 3 of 3 polls, 5 min 10 s at rung 75 → promote to 100 % (allowed by the settings)", d[2].Rule);
        Assert.True(d[2].Send);

        var young = Run(Auto with { AllowAutoPromoteToFull = true }, PausedAt(75, enteredAgo: TimeSpan.Zero), Full, Full, Full);
        Assert.Equal("safe weight 100.0 holds the last rung (75) for 3 of 3 polls, but 10 s at rung 75 of the 60 s minimum → hold", young[2].Rule);

        var weak = Run(Auto with { AllowAutoPromoteToFull = true }, PausedAt(75), Safe62, Safe62, Safe62);
        Assert.All(weak, x => Assert.Equal(PollAction.Hold, x.Action));
        Assert.Equal("safe weight 62.6 is below the last rung (75) → hold", weak[2].Rule);
    }

    [Fact]
    public void A_rung_at_full_weight_is_only_taken_when_the_settings_allow_it()
    {
        LadderRung[] ladder = [new(0, 10), new(2, 50), new(4, 100)];
        var at50 = PausedAt(50, ladder);

        var denied = Run(Auto, at50, Full, Full, Full);
        Assert.All(denied, x => Assert.Equal(PollAction.Hold, x.Action));
        Assert.Equal("the next rung is full weight: promoting to 100 % is left to a person → hold", denied[2].Rule);

        var allowed = Run(Auto with { AllowAutoPromoteToFull = true }, at50, Full, Full, Full);
        Assert.Equal(PollAction.Advance, allowed[2].Action);
        Assert.Equal(new LadderRung(4, 100), allowed[2].Target);

        // Below full, a full-weight rung further on does not stop the climb to the rung before it.
        var at10 = Run(Auto, PausedAt(10, ladder), Full, Full, Full);
        Assert.Equal(new LadderRung(2, 50), at10[2].Target);
    }

    [Fact]
    public void Observe_records_only_but_keeps_counting()
    {
        var observe = new DecisionSettings(RolloutPolicy.Observe);
        var d = Run(observe, PausedAt(20), Breach, Breach, Breach);
        Assert.All(d, x => Assert.Equal(PollAction.None, x.Action));
        Assert.All(d, x => Assert.False(x.Send));
        Assert.Equal($"observe: engine result recorded (breach shown: {Shown}), nothing decided", d[0].Rule);
        Assert.Equal(3, d[2].Counters.ConsecutiveBreaches);

        var advised = Run(new DecisionSettings(RolloutPolicy.Advise), PausedAt(20), Breach, Breach, Breach);
        Assert.Equal($"advise: breach 3 in a row (abort from 2) ({Shown}) → abort (not sent)", advised[2].Rule);

        var healthy = Run(observe, PausedAt(20), Safe62);
        Assert.Equal("observe: engine result recorded (within thresholds, safe weight 62.6), nothing decided", healthy[0].Rule);
        Assert.Null(healthy[0].Target);
    }

    [Fact]
    public void Advise_computes_the_same_decision_as_Auto_but_sends_nothing()
    {
        var advise = new DecisionSettings(RolloutPolicy.Advise);
        var polls = new EngineResult?[] { Safe62, Safe62, Safe62, Breach, Breach };
        var advised = Run(advise, PausedAt(20), polls);
        var auto = Run(Auto, PausedAt(20), polls);

        Assert.Equal(auto.Select(x => x.Action), advised.Select(x => x.Action));
        Assert.Equal(auto.Select(x => x.Target), advised.Select(x => x.Target));
        Assert.All(advised, x => Assert.False(x.Send));
        Assert.Equal("advise: safe weight 62.6 allows rung 35 for 3 of 3 polls, 5 min 10 s at rung 20 → advance to step 10 (not sent)", advised[2].Rule);
        Assert.Equal($"advise: breach 1 of 2 ({Shown}) → hold", advised[3].Rule);
        Assert.Equal($"advise: breach 2 of 2 ({Shown}) → abort (not sent)", advised[4].Rule);
    }

    [Fact]
    public void Only_Auto_ever_sends()
    {
        EngineResult?[] polls = [Safe62, Safe62, Safe62, Full, Breach, Breach, NoData, null, Breach];
        foreach (var policy in Enum.GetValues<RolloutPolicy>())
        {
            var d = Run(new DecisionSettings(policy, AllowAutoPromoteToFull: true), PausedAt(20), polls);
            Assert.Equal(policy == RolloutPolicy.Auto, d.Any(x => x.Send));
        }
    }

    [Fact]
    public void A_step_change_restarts_the_advance_streak_but_not_the_breach_count()
    {
        var counted = new DecisionCounters("rev1", 7, 1, 2);
        var climbing = Decide(counted, PausedAt(20), Safe62, Auto);
        Assert.Equal("safe weight 62.6 allows rung 35: holding, 1 of 3 polls", climbing.Rule);

        var breaching = Decide(counted, PausedAt(20), Breach, Auto);
        Assert.Equal(PollAction.Abort, breaching.Action);
    }

    [Fact]
    public void Aborted_or_fully_promoted_rollouts_get_no_decision_and_reset_counters()
    {
        var pending = new DecisionCounters("rev1", 9, 1, 2);
        var aborted = Decide(pending, PausedAt(20) with { Aborted = true }, Breach, Auto);
        Assert.Equal(PollAction.None, aborted.Action);
        Assert.Equal("aborted: nothing to decide", aborted.Rule);
        Assert.Equal(0, aborted.Counters.ConsecutiveBreaches);

        var promoted = Decide(pending, PausedAt(20) with { FullyPromoted = true }, Safe62, Auto);
        Assert.Equal(PollAction.None, promoted.Action);
        Assert.Equal("fully promoted: nothing to decide", promoted.Rule);
    }

    [Fact]
    public void A_canary_without_setWeight_steps_is_not_climbed_but_is_still_aborted()
    {
        var plain = new RolloutPosition("rev1", 0, [], PausedOnLadderStep: false);
        var healthy = Run(Auto, plain, Safe62, Safe62, Safe62);
        Assert.All(healthy, x => Assert.Equal(PollAction.None, x.Action));
        Assert.Equal("no setWeight steps: no ladder to climb", healthy[0].Rule);

        Assert.Equal(PollAction.Abort, Run(Auto, plain, Breach, Breach)[1].Action);
    }

    [Fact]
    public void An_advance_resets_the_streak_so_the_next_rung_needs_N_new_polls()
    {
        var first = Run(Auto, PausedAt(20), Safe62, Safe62, Safe62)[2];
        Assert.Equal(PollAction.Advance, first.Action);

        // The controller applied it: paused after rung 35 now.
        var next = Decide(first.Counters, PausedAt(35), Full, Auto);
        Assert.Equal("safe weight 100.0 allows rung 50: holding, 1 of 3 polls", next.Rule);
    }

    // ---- Evidence, not point estimates (issue 10) ----

    [Fact]
    public void A_point_estimate_above_the_threshold_that_the_evidence_does_not_show_holds_and_never_aborts()
    {
        // The rate window's p99 is +40 % (the engine breaches), but 200 canary requests show nothing yet.
        var counters = DecisionCounters.Initial;
        for (var poll = 0; poll < 10; poll++)
        {
            var d = RolloutDecider.Decide(counters, PausedAt(20), Breach, DecisionEvidence.Insufficient, metricsAvailable: true, Auto, _clock.GetUtcNow());
            Assert.Equal(PollAction.Hold, d.Action);
            Assert.StartsWith("not enough evidence yet (p99 ", d.Rule);
            Assert.Equal(0, d.Counters.ConsecutiveBreaches);
            counters = d.Counters;
            _clock.Advance(Poll);
        }
    }

    [Fact]
    public void Advancing_needs_evidence_within_the_thresholds_not_the_absence_of_a_breach()
    {
        // The engine's safe weight allows the next rung every time; the evidence never shows "within".
        var counters = DecisionCounters.Initial;
        for (var poll = 0; poll < 10; poll++)
        {
            var d = RolloutDecider.Decide(counters, PausedAt(20), Safe62, DecisionEvidence.Insufficient, metricsAvailable: true, Auto, _clock.GetUtcNow());
            Assert.Equal(PollAction.Hold, d.Action);
            Assert.Equal(0, d.Counters.ConsecutiveAdvancePolls);
            counters = d.Counters;
            _clock.Advance(Poll);
        }
        // The same polls with the evidence within: the third advances.
        Assert.Equal(PollAction.Advance, Run(Auto, PausedAt(20), Safe62, Safe62, Safe62)[2].Action);
    }

    [Fact]
    public void Evidence_within_the_thresholds_while_the_rate_window_breaches_holds()
    {
        var d = RolloutDecider.Decide(DecisionCounters.Initial, PausedAt(20), Breach, DecisionEvidence.Within, metricsAvailable: true, Auto,
            _clock.GetUtcNow());
        Assert.Equal(PollAction.Hold, d.Action);
        Assert.StartsWith("the evidence since the rung's entry is within the thresholds, but the rate window's estimate breaches", d.Rule);
        Assert.Equal(0, d.Counters.ConsecutiveBreaches);
    }

    [Fact]
    public void No_counts_hold_and_keep_a_breach_streak()
    {
        var first = RolloutDecider.Decide(DecisionCounters.Initial, PausedAt(20), Breach, DecisionEvidence.Breach, true, Auto, _clock.GetUtcNow());
        var gap = RolloutDecider.Decide(first.Counters, PausedAt(20), Safe62, evidence: null, true, Auto, _clock.GetUtcNow());
        Assert.Equal(PollAction.Hold, gap.Action);
        Assert.Equal("no evidence: no request counts since the rung's entry → hold", gap.Rule);
        var second = RolloutDecider.Decide(gap.Counters, PausedAt(20), Breach, DecisionEvidence.Breach, true, Auto, _clock.GetUtcNow());
        Assert.Equal(PollAction.Abort, second.Action);
    }

    [Fact]
    public void A_breach_shown_by_the_evidence_aborts_even_when_the_rate_window_proceeds()
    {
        // The rung's own requests show the regression; the 5-minute window is still mostly the previous rung's.
        var counters = DecisionCounters.Initial;
        RolloutDecision last = null!;
        for (var poll = 0; poll < 2; poll++)
        {
            last = RolloutDecider.Decide(counters, PausedAt(20), Safe62, DecisionEvidence.Breach, true, Auto, _clock.GetUtcNow());
            counters = last.Counters;
        }
        Assert.Equal(PollAction.Abort, last.Action);
        Assert.Equal($"breach 2 of 2 ({Shown}) → abort", last.Rule);
    }

    [Theory]
    [InlineData(0, 2, 0)]
    [InlineData(3, 0, 0)]
    [InlineData(3, 2, -1)]
    public void Settings_below_one_poll_or_a_negative_time_are_refused(int n, int m, int seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Decide(DecisionCounters.Initial, PausedAt(20), Safe62,
                Auto with { PollsToAdvance = n, BreachesToAbort = m, MinTimeAtRung = TimeSpan.FromSeconds(seconds) }));
    }
}
