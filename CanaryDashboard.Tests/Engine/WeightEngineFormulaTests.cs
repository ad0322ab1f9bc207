using CanaryDashboard.Engine;

namespace CanaryDashboard.Tests.Engine;

/// <summary>
/// The formula of DESIGN §3 to the decimal. Every expected value is worked out by hand beside
/// its case: lp = exp(−ld × decay), ep = 1 − ed × slope, sf = max(safetyFloor, lp × max(errorFloor, ep)),
/// weight = min + sf × (max − min), clamped to [min, max], rounded to 0.1 half away from zero.
/// </summary>
public class WeightEngineFormulaTests
{
    private static readonly EngineParameters Seed = EngineParameters.Default;

    [Theory]
    // (0.05, 0):     lp = exp(−0.5) = 0.606531; sf = 0.606531; 5 + 0.606531 × 95 = 5 + 57.6204 = 62.6204 → 62.6
    [InlineData(0.05, 0.0, 0.606531, 1.0, 0.606531, 62.6)]
    // (0.15, 0.005): lp = exp(−1.5) = 0.223130; ep = 1 − 0.1 = 0.9; sf = 0.200817; 5 + 19.0776 = 24.0776 → 24.1
    [InlineData(0.15, 0.005, 0.223130, 0.9, 0.200817, 24.1)]
    // (0.1, −0.01):  a canary with fewer errors: ep = 1 + 0.2 = 1.2; sf = 0.367879 × 1.2 = 0.441455; 5 + 41.9383 = 46.9383 → 46.9
    [InlineData(0.1, -0.01, 0.367879, 1.2, 0.441455, 46.9)]
    // (0.125, 0.01): lp = exp(−1.25) = 0.286505; ep = 0.8; sf = 0.229204; 5 + 21.7744 = 26.7744 → 26.8
    [InlineData(0.125, 0.01, 0.286505, 0.8, 0.229204, 26.8)]
    // (0, 0.015):    ep = 1 − 0.3 = 0.7; sf = 0.7; 5 + 66.5 = 71.5
    [InlineData(0.0, 0.015, 1.0, 0.7, 0.7, 71.5)]
    // (0.2, 0):      lp = exp(−2) = 0.135335 (above the 0.1 floor); 5 + 12.8569 = 17.8569 → 17.9
    [InlineData(0.2, 0.0, 0.135335, 1.0, 0.135335, 17.9)]
    public void Seed_parameters_give_the_hand_computed_values(
        double latencyDelta, double errorDelta, double latencyPenalty, double errorPenalty, double safetyFactor, double weight)
    {
        var result = WeightEngine.EvaluateDeltas(latencyDelta, errorDelta, Seed);

        Assert.Equal(Verdict.Proceed, result.Verdict);
        Assert.Equal(latencyDelta, result.LatencyDelta);
        Assert.Equal(errorDelta, result.ErrorDelta);
        Assert.Equal(latencyPenalty, result.LatencyPenalty!.Value, 6);
        Assert.Equal(errorPenalty, result.ErrorPenalty!.Value, 6);
        Assert.Equal(safetyFactor, result.SafetyFactor!.Value, 6);
        Assert.Equal(weight, result.Weight);
        Assert.Equal(weight, result.SafeWeight);
        Assert.False(result.Clamped);
    }

    [Fact]
    public void The_error_floor_replaces_a_smaller_error_penalty()
    {
        // (0.05, 0.05), error threshold raised to 0.1 so it is not a breach:
        // ep = 1 − 0.05 × 20 = 0 → floor 0.2; sf = exp(−0.5) × 0.2 = 0.606531 × 0.2 = 0.121306;
        // 5 + 0.121306 × 95 = 5 + 11.5241 = 16.5241 → 16.5 (without the floor: sf 0 → safety floor → 14.5)
        var result = WeightEngine.EvaluateDeltas(0.05, 0.05, Seed with { ErrorThreshold = 0.1 });

        Assert.Equal(Verdict.Proceed, result.Verdict);
        Assert.Equal(0.0, result.ErrorPenalty!.Value, 12);
        Assert.Equal(0.121306, result.SafetyFactor!.Value, 6);
        Assert.Equal(16.5, result.Weight);
    }

    [Fact]
    public void The_error_floor_alone_sets_the_factor_at_zero_latency_delta()
    {
        // (0, 0.045), error threshold 0.1: ep = 1 − 0.9 = 0.1 → floor 0.2; sf = 1 × 0.2; 5 + 19 = 24.0
        var result = WeightEngine.EvaluateDeltas(0, 0.045, Seed with { ErrorThreshold = 0.1 });

        Assert.Equal(0.1, result.ErrorPenalty!.Value, 12);
        Assert.Equal(0.2, result.SafetyFactor!.Value, 12);
        Assert.Equal(24.0, result.Weight);
    }

    [Fact]
    public void The_safety_floor_replaces_a_smaller_product()
    {
        // (0.3, 0), latency threshold raised to 0.5: lp = exp(−3) = 0.049787 < 0.1 → sf = 0.1; 5 + 9.5 = 14.5
        var result = WeightEngine.EvaluateDeltas(0.3, 0, Seed with { LatencyThreshold = 0.5 });

        Assert.Equal(Verdict.Proceed, result.Verdict);
        Assert.Equal(0.049787, result.LatencyPenalty!.Value, 6);
        Assert.Equal(0.1, result.SafetyFactor);
        Assert.Equal(14.5, result.Weight);
    }

    [Fact]
    public void A_custom_safety_floor_is_used()
    {
        // (0.3, 0), safety floor 0.25, latency threshold 0.5: lp = 0.049787 → sf = 0.25; 5 + 0.25 × 95 = 28.75 → 28.8
        var result = WeightEngine.EvaluateDeltas(0.3, 0, Seed with { SafetyFloor = 0.25, LatencyThreshold = 0.5 });

        Assert.Equal(0.25, result.SafetyFactor);
        Assert.Equal(28.8, result.Weight);
    }

    [Theory]
    // maxWeight 50: (0, 0) → 5 + 1 × 45 = 50.0
    [InlineData(0.0, 0.0, 50.0, false)]
    // maxWeight 50: (0.1, 0) → 5 + 0.367879 × 45 = 5 + 16.5546 = 21.5546 → 21.6
    [InlineData(0.1, 0.0, 21.6, false)]
    // maxWeight 50: (0.1, 0.01) → 5 + 0.294304 × 45 = 5 + 13.2437 = 18.2437 → 18.2
    [InlineData(0.1, 0.01, 18.2, false)]
    // maxWeight 50: (−0.1, 0) → 5 + 2.718282 × 45 = 127.3 → clamped to 50.0
    [InlineData(-0.1, 0.0, 50.0, true)]
    public void MaxWeight_50_scales_the_range(double latencyDelta, double errorDelta, double weight, bool clamped)
    {
        var result = WeightEngine.EvaluateDeltas(latencyDelta, errorDelta, Seed with { MaxWeight = 50 });

        Assert.Equal(weight, result.Weight);
        Assert.Equal(clamped, result.Clamped);
    }

    [Fact]
    public void Other_decay_and_slope_change_both_penalties()
    {
        // decay 5, slope 10, (0.1, 0.01): lp = exp(−0.5) = 0.606531; ep = 1 − 0.1 = 0.9;
        // sf = 0.545878; 5 + 0.545878 × 95 = 5 + 51.8584 = 56.8584 → 56.9
        var result = WeightEngine.EvaluateDeltas(0.1, 0.01, Seed with { LatencyDecay = 5, ErrorSlope = 10 });

        Assert.Equal(0.606531, result.LatencyPenalty!.Value, 6);
        Assert.Equal(0.9, result.ErrorPenalty!.Value, 12);
        Assert.Equal(0.545878, result.SafetyFactor!.Value, 6);
        Assert.Equal(56.9, result.Weight);
    }

    [Fact]
    public void MinWeight_is_the_base_of_the_interpolation()
    {
        // min 10, max 60, (0.1, 0): 10 + 0.367879 × 50 = 10 + 18.3940 = 28.3940 → 28.4
        var result = WeightEngine.EvaluateDeltas(0.1, 0, Seed with { MinWeight = 10, MaxWeight = 60 });

        Assert.Equal(28.4, result.Weight);
    }

    [Fact]
    public void A_canary_with_fewer_errors_is_clamped_too()
    {
        // (0, −0.01): ep = 1.2; sf = 1.2; 5 + 1.2 × 95 = 119 → clamped to 100.0
        var result = WeightEngine.EvaluateDeltas(0, -0.01, Seed);

        Assert.Equal(1.2, result.SafetyFactor!.Value, 12);
        Assert.Equal(100.0, result.Weight);
        Assert.True(result.Clamped);
        Assert.EndsWith("(clamped)", result.Reason);
    }

    [Fact]
    public void Zero_decay_ignores_latency()
    {
        // decay 0: lp = exp(0) = 1 whatever the delta; (0.15, 0) → sf 1 → 100.0
        var result = WeightEngine.EvaluateDeltas(0.15, 0, Seed with { LatencyDecay = 0 });

        Assert.Equal(1.0, result.LatencyPenalty);
        Assert.Equal(100.0, result.Weight);
    }

    [Fact]
    public void An_absurdly_slow_canary_with_an_absurd_error_gain_gets_the_floor_not_NaN()
    {
        // lp = exp(−1000 × 10) underflows to 0, ep = 1 + 1e308 × 20 overflows to ∞: 0 × ∞ is NaN
        // in IEEE arithmetic; the engine treats it as 0 → safety floor → 14.5 (and a breach).
        var result = WeightEngine.EvaluateDeltas(1000, -1e308, Seed);

        Assert.Equal(0.1, result.SafetyFactor);
        Assert.Equal(14.5, result.Weight);
        Assert.Equal(Verdict.Breach, result.Verdict);
    }

    [Fact]
    public void Proceed_reason_shows_each_step_in_words()
    {
        // (0.1, 0.01): lp 0.367879 → "0.368", ep 0.8 → "0.800", sf 0.294304 → "0.294", weight 33.0
        var result = WeightEngine.EvaluateDeltas(0.1, 0.01, Seed);

        Assert.Equal("latency +10.0% → penalty 0.368 · errors +1.00 pp → 0.800 · safety 0.294 → weight 33.0", result.Reason);
    }
}
