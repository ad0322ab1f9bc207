using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Engine.Evidence;

/// <summary>Cleaning and reading a histogram as histogram_quantile does.</summary>
public class LatencyHistogramTests
{
    // le:        0.1  0.2  0.5  +Inf
    // cumulative: 50   90   99   100
    private static LatencyHistogram Small() => LatencyHistogram.Create(
        [new(0.1, 50), new(0.2, 90), new(0.5, 99), new(double.PositiveInfinity, 100)]);

    [Fact]
    public void A_rank_is_placed_linearly_inside_its_bucket()
    {
        var h = Small();
        // rank 95: first bucket with cumulative ≥ 95 is le=0.5 (90 < 95 ≤ 99): 0.2 + (0.5 − 0.2) × (95 − 90)/(99 − 90) = 0.2 + 0.3 × 5/9 = 0.366667
        Assert.Equal(0.366667, h.ValueAtRank(95, out var above), 6);
        Assert.False(above);
        // rank 25 in the first bucket, which starts at 0: 0.1 × 25/50 = 0.05
        Assert.Equal(0.05, h.ValueAtRank(25, out _), 12);
        // rank 99 is the top of le=0.5: exactly 0.5
        Assert.Equal(0.5, h.ValueAtRank(99, out above), 12);
        Assert.False(above);
        Assert.Equal(0, h.ValueAtRank(0, out _));
    }

    [Fact]
    public void A_rank_in_the_Inf_bucket_is_above_the_top_bound_never_an_estimate()
    {
        var h = Small();
        // rank 99.5 > 99 (the top finite bucket): Prometheus would answer 0.5; here it is "above 0.5".
        var value = h.ValueAtRank(99.5, out var above);
        Assert.True(above);
        Assert.Equal(0.5, value);
        Assert.Equal(0.5, h.TopFiniteBound);
        Assert.Equal(1, h.AboveTopCount);
    }

    [Fact]
    public void Count_at_or_below_inverts_value_at_rank()
    {
        var h = Small();
        // 0.366667 → 90 + 9 × (0.366667 − 0.2)/0.3 = 95
        Assert.Equal(95, h.CountAtOrBelow(h.ValueAtRank(95, out _)), 9);
        Assert.Equal(25, h.CountAtOrBelow(0.05), 9);
        Assert.Equal(99, h.CountAtOrBelow(7), 12);   // above the top bound: the +Inf bucket's observation is not placed
        Assert.Equal(100, h.CountAtOrBelow(double.PositiveInfinity));
        Assert.Equal(0, h.CountAtOrBelow(0));
    }

    [Fact]
    public void Buckets_are_sorted_merged_and_made_monotonic()
    {
        // Out of order; "0.2" twice (two exporters: merged by summing, as Prometheus coalesces);
        // le=0.5 below le=0.2 after the merge (extrapolation noise): raised to the running maximum.
        var h = LatencyHistogram.Create(
            [new(double.PositiveInfinity, 100), new(0.5, 80), new(0.1, 40), new(0.2, 45), new(0.2, 45)]);
        Assert.Equal([0.1, 0.2, 0.5], h.FiniteBounds);
        Assert.Equal([40.0, 90.0, 90.0], h.CumulativeCounts);
        Assert.Equal(100, h.Total);
    }

    [Fact]
    public void Fractional_counts_are_kept()
    {
        var h = LatencyHistogram.Create([new(0.1, 10.4), new(0.2, 20.9), new(double.PositiveInfinity, 21.3)]);
        Assert.Equal(21.3, h.Total, 12);
        // rank 15.65: 0.1 + 0.1 × (15.65 − 10.4)/(20.9 − 10.4) = 0.1 + 0.1 × 0.5 = 0.15
        Assert.Equal(0.15, h.ValueAtRank(15.65, out _), 12);
    }

    [Theory]
    [InlineData(new[] { 0.1, 0.2 }, new[] { 5.0, 6.0 }, "no +Inf bucket")]
    [InlineData(new[] { double.PositiveInfinity }, new[] { 5.0 }, "no finite bucket")]
    [InlineData(new[] { 0.1, double.PositiveInfinity }, new[] { double.NaN, 6.0 }, "NaN")]
    [InlineData(new[] { 0.1, double.PositiveInfinity }, new[] { -1.0, 6.0 }, "negative")]
    [InlineData(new[] { double.NaN, double.PositiveInfinity }, new[] { 1.0, 6.0 }, "bound")]
    public void What_is_not_a_histogram_is_a_problem_not_an_exception(double[] bounds, double[] counts, string why)
    {
        var h = LatencyHistogram.TryCreate(bounds.Zip(counts, (b, c) => new HistogramBucket(b, c)), out var problem);
        Assert.Null(h);
        Assert.Contains(why, problem);
        Assert.Throws<ArgumentException>(() => LatencyHistogram.Create(bounds.Zip(counts, (b, c) => new HistogramBucket(b, c))));
    }

    [Fact]
    public void Le_labels_parse_as_Prometheus_writes_them()
    {
        var h = LatencyHistogram.TryParse([("0.005", 1), ("1e-01", 3), ("+Inf", 4), ("2.5", 4)], out var problem);
        Assert.Null(problem);
        Assert.Equal([0.005, 0.1, 2.5], h!.FiniteBounds);
        Assert.True(LatencyHistogram.TryParseLe("Inf", out var inf) && double.IsPositiveInfinity(inf));
        Assert.Null(LatencyHistogram.TryParse([("fast", 1), ("+Inf", 2)], out problem));
        Assert.Contains("le=\"fast\"", problem);
    }

    [Fact]
    public void Sorted_arrays_get_the_same_checks()
    {
        var h = LatencyHistogram.TryFromSorted([0.1, 0.2], [3, 2], 5, out var problem)!;
        Assert.Null(problem);
        Assert.Equal([3.0, 3.0], h.CumulativeCounts);
        Assert.Null(LatencyHistogram.TryFromSorted([0.2, 0.1], [1, 2], 5, out problem));
        Assert.Contains("ascending", problem);
        Assert.Null(LatencyHistogram.TryFromSorted([0.1], [1], double.NaN, out problem));
        Assert.Contains("+Inf", problem);
    }

    [Fact]
    public void A_first_bucket_at_or_below_zero_holds_its_observations_at_its_bound()
    {
        // As histogram_quantile: when the rank is in a first bucket with le ≤ 0, the answer is that bound.
        var h = LatencyHistogram.Create([new(0, 10), new(1, 20), new(double.PositiveInfinity, 20)]);
        Assert.Equal(0, h.ValueAtRank(5, out _));
        Assert.Equal(0.5, h.ValueAtRank(15, out _), 12);
    }

    [Fact]
    public void Scaling_multiplies_every_count()
    {
        var h = Small().Scaled(3);
        Assert.Equal(300, h.Total);
        Assert.Equal([150.0, 270.0, 297.0], h.CumulativeCounts);
        Assert.Equal(0.366667, h.ValueAtRank(285, out _), 6);
    }
}
