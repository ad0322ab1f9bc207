using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Engine.Evidence;

/// <summary>
/// The beta-binomial mixture sequences, by hand. M(p) = [B(a + x, b + n − x)/B(a, b)] / [pˣ(1 − p)ⁿ⁻ˣ];
/// the interval is {p : M(p) &lt; 1/α}. With the defaults α = (1 − 0.95)/4 = 0.0125, ln(1/α) = ln 80 = 4.382027.
/// Values without a closed form were solved by bisection with CPython's math.lgamma, independently of this code.
/// </summary>
public class ConfidenceSequenceTests
{
    private const double Alpha = 0.0125;
    private static readonly BetaPrior ErrorPrior = new(1, 20);
    private static readonly BetaPrior RankPrior = BetaPrior.Centered(0.99, 100); // Beta(99, 1)

    [Fact]
    public void No_errors_in_400_requests_has_a_closed_form_upper_bound()
    {
        // x = 0: B(1, 20 + n)/B(1, 20) = 20/(20 + n), so M(p) = 20/((20 + n)(1 − p)ⁿ) < 80
        //   ⇔ n ln(1 − p) > ln(20/420) − ln 80 = −3.044522 − 4.382027 = −7.426549
        //   ⇔ p < 1 − exp(−7.426549/400) = 1 − exp(−0.018566) = 0.018395
        var interval = ConfidenceSequence.Proportion(0, 400, Alpha, ErrorPrior);
        Assert.Equal(0, interval.Lower);
        Assert.Equal(0.018395079, interval.Upper, 8);
    }

    [Fact]
    public void No_errors_in_4000_requests()
    {
        // ln(20/4020) − ln 80 = −5.303305 − 4.382027 = −9.685332; 1 − exp(−9.685332/4000) = 0.0024184
        Assert.Equal(0.0024184038, ConfidenceSequence.Proportion(0, 4000, Alpha, ErrorPrior).Upper, 9);
    }

    [Fact]
    public void Three_errors_in_200_requests()
    {
        // threshold T = ln B(4, 217) − ln B(1, 20) − ln 80 = −21.141627; the bounds solve 3 ln p + 197 ln(1 − p) = T:
        // p = 0.000924289 and p = 0.063175657 (Wilson at the same 98.75 %: [0.0039, 0.0554], narrower: valid for one look only).
        var interval = ConfidenceSequence.Proportion(3, 200, Alpha, ErrorPrior);
        Assert.Equal(0.000924289, interval.Lower, 9);
        Assert.Equal(0.063175657, interval.Upper, 9);
        var wilson = FixedSampleIntervals.Wilson(3, 200, 1 - Alpha);
        Assert.True(interval.Lower < wilson.Lower && interval.Upper > wilson.Upper);
    }

    [Fact]
    public void Every_request_failing()
    {
        // x = n = 200: T = ln B(201, 20) − ln B(1, 20) − ln 80 = −69.028614; 200 ln p = T ⇒ p = exp(−0.345143) = 0.708119.
        var interval = ConfidenceSequence.Proportion(200, 200, Alpha, ErrorPrior);
        Assert.Equal(0.708119035, interval.Lower, 9);
        Assert.Equal(1, interval.Upper);
    }

    [Fact]
    public void Fractional_counts_are_used_as_they_are()
    {
        // increase() extrapolated: 2.5 errors of 199.5 requests. T = ln B(3.5, 217) − ln B(1, 20) − ln 80 = −19.035030;
        // 2.5 ln p + 197 ln(1 − p) = T ⇒ p = 0.000513887 and p = 0.058877154.
        var interval = ConfidenceSequence.Proportion(2.5, 199.5, Alpha, ErrorPrior);
        Assert.Equal(0.000513887, interval.Lower, 9);
        Assert.Equal(0.058877154, interval.Upper, 9);
        // Between the integer neighbours 2/199 and 3/200.
        var below = ConfidenceSequence.Proportion(2, 199, Alpha, ErrorPrior);
        var above = ConfidenceSequence.Proportion(3, 200, Alpha, ErrorPrior);
        Assert.InRange(interval.Upper, below.Upper, above.Upper);
    }

    [Theory]
    [InlineData(3, 200)]
    [InlineData(17, 5000)]
    [InlineData(0.4, 80)]
    [InlineData(9000, 9100)]
    public void The_bounds_are_where_the_mixture_reaches_one_over_alpha(double x, double n)
    {
        var interval = ConfidenceSequence.Proportion(x, n, Alpha, ErrorPrior);
        foreach (var p in new[] { interval.Lower, interval.Upper }.Where(p => p is > 0 and < 1))
            Assert.Equal(Math.Log(1 / Alpha), LogMixture(x, n, p), 6);
        Assert.True(interval.Contains(x / n));
    }

    [Fact]
    public void No_trials_know_nothing()
    {
        Assert.Equal(new Interval(0, 1), ConfidenceSequence.Proportion(0, 0, Alpha, ErrorPrior));
        Assert.Equal(new Interval(0, 0), ConfidenceSequence.AcceptedCounts(0, 0.99, Alpha, RankPrior));
    }

    [Fact]
    public void Accepted_counts_for_the_p99_of_5000()
    {
        // ln M(S) = ln B(99 + S, 1 + 5000 − S) − ln B(99, 1) − S ln 0.99 − (5000 − S) ln 0.01 = ln 80 at
        // S = 4922.013628 and S = 4972.782514: with probability ≥ 98.75 %, at every n, the count of requests at or
        // below the true p99 stays in between. Ranks: the 4922.01th (98.44 %) and the ⌊4972.78⌋ + 1 = 4973th (99.46 %).
        var accepted = ConfidenceSequence.AcceptedCounts(5000, 0.99, Alpha, RankPrior);
        Assert.Equal(4922.013628, accepted.Lower, 5);
        Assert.Equal(4972.782514, accepted.Upper, 5);
    }

    [Fact]
    public void Accepted_counts_for_the_p99_of_500_have_no_upper_rank()
    {
        // n = 500: ln M(500) = −1.157 < ln 80, so even "all 500 at or below q₉₉" is not rejected: no upper bound yet.
        // The lower end solves ln M(S) = ln 80 at S = 484.940385 (the 97 % point of 500).
        var accepted = ConfidenceSequence.AcceptedCounts(500, 0.99, Alpha, RankPrior);
        Assert.Equal(484.940385, accepted.Lower, 5);
        Assert.Equal(500, accepted.Upper);
    }

    [Fact]
    public void Accepted_counts_for_45000()
    {
        // Solved the same way: S = 44465.151702 and S = 44628.952413.
        var accepted = ConfidenceSequence.AcceptedCounts(45000, 0.99, Alpha, RankPrior);
        Assert.Equal(44465.151702, accepted.Lower, 4);
        Assert.Equal(44628.952413, accepted.Upper, 4);
    }

    [Fact]
    public void The_anytime_ranks_are_wider_than_the_one_look_ranks()
    {
        // One look at n = 5000 (exact binomial, 98.75 % two-sided) against the sequence valid at every n.
        var (l, u) = FixedSampleIntervals.OrderStatisticRanks(5000, 0.99, 1 - Alpha);
        var accepted = ConfidenceSequence.AcceptedCounts(5000, 0.99, Alpha, RankPrior);
        Assert.True(accepted.Lower < l && Math.Floor(accepted.Upper) + 1 > u);
    }

    private static double LogMixture(double x, double n, double p) =>
        SpecialFunctions.LogBeta(ErrorPrior.A + x, ErrorPrior.B + n - x) - SpecialFunctions.LogBeta(ErrorPrior.A, ErrorPrior.B)
        - x * Math.Log(p) - (n - x) * Math.Log(1 - p);
}
