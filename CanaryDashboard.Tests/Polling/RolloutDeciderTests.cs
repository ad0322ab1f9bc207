using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using CanaryDashboard.Polling.Decisions;

namespace CanaryDashboard.Tests.Polling;

/// <summary>The circuit breaker and ladder rules, one poll at a time, on real engine results.</summary>
public sealed class RolloutDeciderTests
{
    // The seeded ladder: setWeight at even steps, pause: {} after each.
    private static readonly LadderRung[] SeedLadder =
        [new(0, 1), new(2, 2), new(4, 5), new(6, 10), new(8, 20), new(10, 35), new(12, 50), new(14, 75)];

    private static readonly DecisionSettings Auto = new(RolloutPolicy.Auto);

    /// <summary>Paused on the pause step after the rung of <paramref name="weight"/>.</summary>
    private static RolloutPosition PausedAt(int weight, IReadOnlyList<LadderRung>? rungs = null, string revision = "rev1")
    {
        rungs ??= SeedLadder;
        var rung = rungs.Single(r => r.Weight == weight);
        return new RolloutPosition(revision, rung.StepIndex + 1, rungs, PausedOnLadderStep: true);
    }

    private static EngineResult Proceed(double latencyDelta) => WeightEngine.EvaluateDeltas(latencyDelta, 0, EngineParameters.Default);
    private static readonly EngineResult Safe62 = Proceed(0.05);      // exp(-0.5) → 62.6
    private static readonly EngineResult Safe40 = Proceed(0.10);      // exp(-1) → 39.9
    private static readonly EngineResult Safe19 = Proceed(0.19);      // exp(-1.9) → 19.2
    private static readonly EngineResult Full = Proceed(0);           // 100
    private static readonly EngineResult Breach = WeightEngine.EvaluateDeltas(0.40, 0, EngineParameters.Default);
    private static readonly EngineResult NoData = WeightEngine.Evaluate(new EngineInputs(null, 0.12, null, 0.002, 0, 6000), EngineParameters.Default);

    /// <summary>Runs polls in order, threading the counters; returns every decision.</summary>
    private static List<RolloutDecision> Run(DecisionSettings settings, RolloutPosition position, params EngineResult?[] polls)
    {
        var counters = DecisionCounters.Initial;
        var decisions = new List<RolloutDecision>();
        foreach (var poll in polls)
        {
            var d = RolloutDecider.Decide(counters, position, poll ?? NoData, poll is not null, settings);
            decisions.Add(d);
            counters = d.Counters;
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
    public void A_healthy_canary_in_Auto_advances_after_N_polls_to_the_highest_allowed_rung()
    {
        var d = Run(Auto, PausedAt(20), Safe62, Safe62, Safe62);

        Assert.Equal([PollAction.Hold, PollAction.Hold, PollAction.Advance], d.Select(x => x.Action));
        Assert.Equal("safe weight 62.6 allows rung 50: holding, 1 of 3 polls", d[0].Rule);
        Assert.Equal("safe weight 62.6 allows rung 50: holding, 2 of 3 polls", d[1].Rule);
        Assert.Equal("safe weight 62.6 allows rung 50 for 3 of 3 polls → advance to step 12", d[2].Rule);
        Assert.Equal(new LadderRung(12, 50), d[2].Target);
        Assert.True(d[2].Send);
        Assert.False(d[0].Send);
        Assert.Equal((3, 3), (d[2].Count, d[2].Required));
        Assert.Equal(0, d[2].Counters.ConsecutiveAdvancePolls);
    }

    [Fact]
    public void The_advance_goes_to_the_lowest_rung_every_poll_of_the_streak_allowed()
    {
        var d = Run(Auto, PausedAt(20), Safe62, Safe40, Safe62);

        Assert.Equal(PollAction.Advance, d[2].Action);
        Assert.Equal(new LadderRung(10, 35), d[2].Target);
        Assert.Equal("safe weight 62.6 allows rung 35 for 3 of 3 polls → advance to step 10", d[2].Rule);
    }

    [Fact]
    public void N_of_one_advances_on_the_first_poll()
    {
        var d = Run(Auto with { PollsToAdvance = 1 }, PausedAt(5), Safe40);
        Assert.Equal(PollAction.Advance, d[0].Action);
        Assert.Equal(new LadderRung(10, 35), d[0].Target);
    }

    [Fact]
    public void A_regression_is_aborted_after_M_breaches_in_a_row()
    {
        var d = Run(Auto, PausedAt(20), Breach, Breach);

        Assert.Equal("breach 1 of 2 → hold", d[0].Rule);
        Assert.Equal(PollAction.Hold, d[0].Action);
        Assert.False(d[0].Send);
        Assert.Equal("breach 2 of 2 → abort", d[1].Rule);
        Assert.Equal(PollAction.Abort, d[1].Action);
        Assert.True(d[1].Send);
        Assert.Equal((2, 2), (d[1].Count, d[1].Required));
    }

    [Fact]
    public void M_is_taken_from_the_settings()
    {
        var d = Run(Auto with { BreachesToAbort = 4 }, PausedAt(20), Breach, Breach, Breach, Breach);
        Assert.Equal([PollAction.Hold, PollAction.Hold, PollAction.Hold, PollAction.Abort], d.Select(x => x.Action));
        Assert.Equal("breach 3 of 4 → hold", d[2].Rule);
    }

    [Fact]
    public void A_proceeding_poll_between_breaches_resets_the_breach_count()
    {
        var d = Run(Auto, PausedAt(20), Breach, Safe19, Breach, Safe19, Breach);
        Assert.DoesNotContain(d, x => x.Action == PollAction.Abort);
        Assert.Equal("breach 1 of 2 → hold", d[4].Rule);
    }

    [Fact]
    public void Insufficient_data_holds_and_neither_counts_nor_breaks_a_breach_streak()
    {
        var d = Run(Auto, PausedAt(20), Breach, NoData, Breach);

        Assert.Equal("insufficient data → hold", d[1].Rule);
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
        Assert.Equal("safe weight 62.6 allows rung 50: holding, 2 of 3 polls", d[4].Rule);
    }

    [Fact]
    public void A_metrics_outage_never_aborts_even_with_M_of_one_or_a_breach_streak_pending()
    {
        var strict = Auto with { BreachesToAbort = 1 };
        var outage = RolloutDecider.Decide(DecisionCounters.Initial, PausedAt(20), NoData, metricsAvailable: false, strict);
        Assert.Equal(PollAction.Hold, outage.Action);
        Assert.False(outage.Send);
        Assert.Equal("metrics unavailable → hold (an outage never aborts)", outage.Rule);

        // Even a breaching engine result cannot abort when the backend was reported down.
        var pending = new DecisionCounters("rev1", 21, 1, 0, null);
        var d = RolloutDecider.Decide(pending, PausedAt(20), Breach, metricsAvailable: false, Auto);
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
        var ladder = SeedLadder;
        var running = new RolloutPosition("rev1", 9, ladder, PausedOnLadderStep: false);
        var d = Run(Auto, running, Safe62, Safe62, Safe62);

        Assert.Equal(PollAction.Hold, d[2].Action);
        Assert.Equal("safe weight 62.6 allows rung 50 for 3 of 3 polls, but the rollout is not paused on a ladder step (step 9) → hold", d[2].Rule);

        var paused = RolloutDecider.Decide(d[2].Counters, running with { PausedOnLadderStep = true }, Safe62, true, Auto);
        Assert.Equal(PollAction.Advance, paused.Action);
        Assert.Equal(new LadderRung(12, 50), paused.Target);
    }

    [Fact]
    public void A_rollout_paused_by_a_person_is_never_advanced_but_is_still_aborted_on_breach()
    {
        var manual = PausedAt(20) with { ManuallyPaused = true };
        var healthy = Run(Auto, manual, Safe62, Safe62, Safe62, Safe62);
        Assert.All(healthy, x => Assert.Equal(PollAction.Hold, x.Action));
        Assert.EndsWith("but the rollout is paused by a person → hold", healthy[3].Rule);

        var regressed = Run(Auto, manual, Breach, Breach);
        Assert.Equal(PollAction.Abort, regressed[1].Action);
    }

    [Fact]
    public void Never_backwards_a_safe_weight_below_the_current_rung_holds()
    {
        var d = Run(Auto with { PollsToAdvance = 1 }, PausedAt(35), Safe19, Safe19);
        Assert.All(d, x => Assert.Equal(PollAction.Hold, x.Action));
        Assert.Contains("never moves back", d[0].Rule);
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
    public void On_the_last_rung_promoting_to_100_is_left_to_a_person_by_default()
    {
        var d = Run(Auto, PausedAt(75), Full, Full, Full, Full);
        Assert.All(d, x => Assert.Equal(PollAction.Hold, x.Action));
        Assert.Equal("last rung (75) reached: promoting to 100 % is left to a person → hold", d[3].Rule);
    }

    [Fact]
    public void On_the_last_rung_Auto_promotes_to_full_after_N_polls_when_the_settings_allow_it()
    {
        var d = Run(Auto with { AllowAutoPromoteToFull = true }, PausedAt(75), Full, Full, Full);
        Assert.Equal([PollAction.Hold, PollAction.Hold, PollAction.PromoteFull], d.Select(x => x.Action));
        Assert.Equal("safe weight 100.0 holds the last rung (75) for 3 of 3 polls → promote to 100 % (allowed by the settings)", d[2].Rule);
        Assert.True(d[2].Send);

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

        // Below full, a full-weight rung ahead does not stop the climb to the rungs before it.
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
        Assert.Equal("observe: engine result recorded (breach), nothing decided", d[0].Rule);
        Assert.Equal(3, d[2].Counters.ConsecutiveBreaches);

        var advised = Run(new DecisionSettings(RolloutPolicy.Advise), PausedAt(20), Breach, Breach, Breach);
        Assert.Equal("advise: breach 3 in a row (abort from 2) → abort (not sent)", advised[2].Rule);

        var healthy = Run(observe, PausedAt(20), Safe62);
        Assert.Equal("observe: engine result recorded (proceed, safe weight 62.6), nothing decided", healthy[0].Rule);
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
        Assert.Equal("advise: safe weight 62.6 allows rung 50 for 3 of 3 polls → advance to step 12 (not sent)", advised[2].Rule);
        Assert.Equal("advise: breach 1 of 2 → hold", advised[3].Rule);
        Assert.Equal("advise: breach 2 of 2 → abort (not sent)", advised[4].Rule);
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
    public void A_new_revision_starts_with_fresh_counters()
    {
        var old = new DecisionCounters("rev1", 9, 1, 2, new LadderRung(12, 50));
        var d = RolloutDecider.Decide(old, PausedAt(20, revision: "rev2"), Breach, true, Auto);
        Assert.Equal("breach 1 of 2 → hold", d.Rule);
        Assert.Equal("rev2", d.Counters.Revision);

        var climbing = RolloutDecider.Decide(old, PausedAt(20, revision: "rev2"), Safe62, true, Auto);
        Assert.Equal("safe weight 62.6 allows rung 50: holding, 1 of 3 polls", climbing.Rule);
    }

    [Fact]
    public void A_step_change_restarts_the_advance_streak_but_not_the_breach_count()
    {
        var counted = new DecisionCounters("rev1", 7, 1, 2, new LadderRung(12, 50));
        var climbing = RolloutDecider.Decide(counted, PausedAt(20), Safe62, true, Auto);
        Assert.Equal("safe weight 62.6 allows rung 50: holding, 1 of 3 polls", climbing.Rule);

        var breaching = RolloutDecider.Decide(counted, PausedAt(20), Breach, true, Auto);
        Assert.Equal(PollAction.Abort, breaching.Action);
    }

    [Fact]
    public void Aborted_or_fully_promoted_rollouts_get_no_decision_and_reset_counters()
    {
        var pending = new DecisionCounters("rev1", 9, 1, 2, new LadderRung(12, 50));
        var aborted = RolloutDecider.Decide(pending, PausedAt(20) with { Aborted = true }, Breach, true, Auto);
        Assert.Equal(PollAction.None, aborted.Action);
        Assert.Equal("aborted: nothing to decide", aborted.Rule);
        Assert.Equal(0, aborted.Counters.ConsecutiveBreaches);

        var promoted = RolloutDecider.Decide(pending, PausedAt(20) with { FullyPromoted = true }, Safe62, true, Auto);
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

        // The controller applied it: paused after rung 50 now.
        var next = RolloutDecider.Decide(first.Counters, PausedAt(50), Full, true, Auto);
        Assert.Equal("safe weight 100.0 allows rung 75: holding, 1 of 3 polls", next.Rule);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(3, 0)]
    public void Settings_below_one_poll_are_refused(int n, int m)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            RolloutDecider.Decide(DecisionCounters.Initial, PausedAt(20), Safe62, true, Auto with { PollsToAdvance = n, BreachesToAbort = m }));
    }
}
