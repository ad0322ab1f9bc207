using CanaryDashboard.Engine;

namespace CanaryDashboard.Tests.Engine;

/// <summary>
/// The ladder of DESIGN §4 with the rungs 1, 2, 5, 10, 20, 35, 50, 75, each a <c>setWeight</c> at
/// an even step index followed by <c>pause: {}</c> at the odd one (so step 2k+1 is the pause after rung k).
/// </summary>
public class LadderTests
{
    private static readonly LadderRung[] Rungs =
        [new(0, 1), new(2, 2), new(4, 5), new(6, 10), new(8, 20), new(10, 35), new(12, 50), new(14, 75)];

    [Fact]
    public void Advances_to_the_highest_rung_at_or_below_the_safe_weight()
    {
        // Paused after rung 1 (step 1); safe 33.0 → rungs ≤ 33: 1, 2, 5, 10, 20 → 20 at step 8
        var choice = Ladder.Choose(Rungs, 1, 33.0);

        Assert.Equal(LadderAction.Advance, choice.Action);
        Assert.Equal(new LadderRung(8, 20), choice.Target);
        Assert.Equal(new LadderRung(0, 1), choice.Current);
        Assert.Equal(1, choice.CurrentWeight);
        Assert.Equal(20, choice.TargetWeight);
        Assert.Equal("advance to step 8 (weight 20): the highest rung at or below the safe weight 33", choice.Reason);
    }

    [Fact]
    public void A_safe_weight_equal_to_a_rung_reaches_it()
    {
        var choice = Ladder.Choose(Rungs, 9, 35.0);

        Assert.Equal(new LadderRung(10, 35), choice.Target);
    }

    [Fact]
    public void Holds_when_the_next_rung_is_above_the_safe_weight()
    {
        // On rung 20 (paused at step 9); safe 33.0: the next rung, 35, is above it
        var choice = Ladder.Choose(Rungs, 9, 33.0);

        Assert.Equal(LadderAction.Hold, choice.Action);
        Assert.Null(choice.Target);
        Assert.Equal(20, choice.TargetWeight);
        Assert.Equal("hold at weight 20: the next rung (35) is above the safe weight 33", choice.Reason);
    }

    [Fact]
    public void Never_moves_back_when_the_safe_weight_falls_below_the_current_rung()
    {
        // On rung 50 (step 13); safe 14.5 → rungs ≤ 14.5 are all behind: hold, never back
        var choice = Ladder.Choose(Rungs, 13, 14.5);

        Assert.Equal(LadderAction.Hold, choice.Action);
        Assert.Equal(new LadderRung(12, 50), choice.Current);
        Assert.Equal(50, choice.TargetWeight);
        Assert.Contains("the safe weight 14.5 is below the current weight, the ladder never moves back", choice.Reason);
    }

    [Fact]
    public void Before_the_first_rung_holds_when_no_rung_is_at_or_below_the_safe_weight()
    {
        // Not started (no currentStepIndex, weight 0); safe 0.5 < the lowest rung 1
        var choice = Ladder.Choose(Rungs, null, 0.5);

        Assert.Equal(LadderAction.Hold, choice.Action);
        Assert.Null(choice.Current);
        Assert.Equal(0, choice.TargetWeight);
        Assert.Equal("hold at weight 0: the next rung (1) is above the safe weight 0.5", choice.Reason);
    }

    [Fact]
    public void Before_the_first_rung_a_full_safe_weight_jumps_to_the_top_rung()
    {
        var choice = Ladder.Choose(Rungs, null, 100.0);

        Assert.Equal(new LadderRung(14, 75), choice.Target);
    }

    [Fact]
    public void On_the_top_rung_there_is_nothing_ahead()
    {
        var choice = Ladder.Choose(Rungs, 15, 100.0);

        Assert.Equal(LadderAction.Hold, choice.Action);
        Assert.Equal("hold at weight 75: no rung ahead above the current weight", choice.Reason);
    }

    [Fact]
    public void Unsorted_and_repeated_rungs_give_the_same_choice()
    {
        LadderRung[] shuffled = [Rungs[5], Rungs[0], Rungs[7], Rungs[2], Rungs[2], Rungs[4], Rungs[1], Rungs[6], Rungs[3], Rungs[0]];

        Assert.Equal(Ladder.Choose(Rungs, 1, 33.0), Ladder.Choose(shuffled, 1, 33.0));
        Assert.Equal(Ladder.Choose(Rungs, 9, 60.0), Ladder.Choose(shuffled, 9, 60.0));
        Assert.Equal(new LadderRung(12, 50), Ladder.Choose(shuffled, 9, 60.0).Target);
    }

    [Fact]
    public void The_same_weight_at_two_steps_goes_to_the_earlier_and_does_not_count_as_progress()
    {
        LadderRung[] rungs = [new(0, 10), new(2, 20), new(4, 20), new(6, 50)];

        // From 10, safe 30: 20 is the highest allowed; the first step declaring it is 2
        Assert.Equal(new LadderRung(2, 20), Ladder.Choose(rungs, 1, 30.0).Target);
        // On the first 20 (step 3), safe 30: the second 20 is no higher, so hold
        Assert.Equal(LadderAction.Hold, Ladder.Choose(rungs, 3, 30.0).Action);
    }

    [Fact]
    public void A_lower_rung_later_in_the_steps_is_never_a_target()
    {
        // Non-monotone ladder 10, 50, 20: on 50 (step 3) with safe 30, the 20 at step 4 is forward
        // in steps but backward in weight
        LadderRung[] rungs = [new(0, 10), new(2, 50), new(4, 20)];

        Assert.Equal(LadderAction.Hold, Ladder.Choose(rungs, 3, 30.0).Action);
    }

    [Theory]
    [InlineData(2, 10, 2, 20, "step 2 has two weights (10 and 20)")]
    [InlineData(-1, 10, 2, 20, "step index -1 is negative")]
    [InlineData(0, 10, 2, 150, "step 2 has weight 150, outside 0–100")]
    public void An_invalid_ladder_holds_and_says_why(int step1, int weight1, int step2, int weight2, string reasonPart)
    {
        var choice = Ladder.Choose([new(step1, weight1), new(step2, weight2)], null, 100.0);

        Assert.Equal(LadderAction.Hold, choice.Action);
        Assert.StartsWith("hold: the ladder is invalid", choice.Reason);
        Assert.Contains(reasonPart, choice.Reason);
    }

    [Fact]
    public void A_non_finite_safe_weight_holds()
    {
        var choice = Ladder.Choose(Rungs, 1, double.NaN);

        Assert.Equal(LadderAction.Hold, choice.Action);
        Assert.Equal(1, choice.CurrentWeight);
    }

    [Fact]
    public void An_engine_proceed_advances_by_its_safe_weight()
    {
        // (0.1, 0.01) → 33.0 (issue's example) → rung 20 at step 8
        var result = WeightEngine.EvaluateDeltas(0.1, 0.01, EngineParameters.Default);

        var choice = Ladder.Choose(Rungs, 1, result);

        Assert.Equal(new LadderRung(8, 20), choice.Target);
    }

    [Fact]
    public void A_breach_holds_even_though_the_interpolated_weight_would_reach_a_rung()
    {
        // (0, 0.03): interpolated 43.0 (rung 35 would fit) but errors breach
        var result = WeightEngine.EvaluateDeltas(0, 0.03, EngineParameters.Default);

        var choice = Ladder.Choose(Rungs, 1, result);

        Assert.Equal(LadderAction.Hold, choice.Action);
        Assert.Null(choice.Target);
        Assert.Equal(new LadderRung(0, 1), choice.Current);
        Assert.Equal("breach: hold (breach: errors +3.00 pp > threshold 2.00 pp)", choice.Reason);
    }

    [Fact]
    public void Insufficient_data_holds()
    {
        var result = WeightEngine.Evaluate(new EngineInputs(0.1, 0.1, 0, 0, 3, 1000), EngineParameters.Default);

        var choice = Ladder.Choose(Rungs, 5, result);

        Assert.Equal(LadderAction.Hold, choice.Action);
        Assert.Equal(5, choice.CurrentWeight);
        Assert.StartsWith("insufficient data: hold (insufficient data: too few canary requests", choice.Reason);
    }

    [Fact]
    public void The_current_rung_is_the_last_set_weight_at_or_before_the_step()
    {
        Assert.Null(Ladder.CurrentRung(Rungs, null));
        Assert.Equal(new LadderRung(0, 1), Ladder.CurrentRung(Rungs, 0));
        Assert.Equal(new LadderRung(4, 5), Ladder.CurrentRung(Rungs, 5));
        Assert.Equal(new LadderRung(14, 75), Ladder.CurrentRung(Rungs, 16));
        Assert.Null(Ladder.CurrentRung([new(2, 10)], 1));
    }
}
