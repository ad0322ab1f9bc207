using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Engine.Evidence;

/// <summary>The one-look reference intervals, worked by hand.</summary>
public class FixedSampleIntervalsTests
{
    [Fact]
    public void Wilson_for_3_of_200_at_95_percent()
    {
        // z = Φ⁻¹(0.975) = 1.959964, z² = 3.841459
        // centre = (3 + 1.920729)/(200 + 3.841459) = 4.920729/203.841459 = 0.024140
        // half   = 1.959964 × √(3 × 197/200 + 0.960365)/203.841459 = 1.959964 × √3.915365/203.841459
        //        = 1.959964 × 1.978728/203.841459 = 0.019026
        // [0.024140 − 0.019026, 0.024140 + 0.019026] = [0.005114, 0.043166]
        var w = FixedSampleIntervals.Wilson(3, 200, 0.95);
        Assert.Equal(0.005114238, w.Lower, 8);
        Assert.Equal(0.043165729, w.Upper, 8);
    }

    [Fact]
    public void Newcombe_for_3_of_200_against_1_of_400()
    {
        // Wilson(3/200) = [0.005114238, 0.043165729] (above); Wilson(1/400) = [0.000441448, 0.014023285]
        // δ = 0.015 − 0.0025 = 0.0125
        // L = 0.0125 − √((0.015 − 0.005114)² + (0.014023 − 0.0025)²) = 0.0125 − √(9.7728e-5 + 1.32786e-4) = 0.0125 − 0.015183 = −0.002683
        // U = 0.0125 + √((0.043166 − 0.015)² + (0.0025 − 0.000441)²) = 0.0125 + √(7.93307e-4 + 4.2380e-6) = 0.0125 + 0.028241 = 0.040741
        var n = FixedSampleIntervals.Newcombe(3, 200, 1, 400, 0.95);
        Assert.Equal(-0.002682700, n.Lower, 8);
        Assert.Equal(0.040740855, n.Upper, 8);
    }

    [Fact]
    public void Order_statistic_ranks_for_the_p99_of_500()
    {
        // Bin(500, 0.99): P(≤ 489) = 0.013244 ≤ 0.025 < P(≤ 490) = 0.031102, so l − 1 = 489, l = 490;
        // P(≤ 498) = 0.960245 < 0.975 ≤ P(≤ 499) = 0.993430, so u − 1 = 499, u = 500 (the maximum).
        // q₉₉ ∈ [X₍₄₉₀₎, X₍₅₀₀₎] with coverage P(490 ≤ Bin ≤ 499) = 0.993430 − 0.013244 = 0.980186.
        Assert.Equal((490, 500), FixedSampleIntervals.OrderStatisticRanks(500, 0.99, 0.95));
    }

    [Fact]
    public void Order_statistic_ranks_say_unbounded_when_the_sample_is_too_small()
    {
        // n = 100: P(Bin(100, 0.99) ≤ 99) = 1 − 0.99¹⁰⁰ = 0.633968 < 0.975: no rank reaches it, u = n + 1 (no upper bound);
        // P(≤ 96) = 0.018374 ≤ 0.025 < P(≤ 97) = 0.079373, so l = 97.
        Assert.Equal((97, 101), FixedSampleIntervals.OrderStatisticRanks(100, 0.99, 0.95));
        Assert.Equal((0, 1), FixedSampleIntervals.OrderStatisticRanks(0, 0.99, 0.95));
    }

    [Fact]
    public void Wilson_of_no_trials_is_the_whole_unit_interval() =>
        Assert.Equal(new Interval(0, 1), FixedSampleIntervals.Wilson(0, 0, 0.95));
}
