using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Engine.Evidence;

/// <summary>
/// The p99 interval per version and the relative delta, by hand. The accepted counts come from
/// <see cref="ConfidenceSequenceTests"/> (n = 5000: [4922.013628, 4972.782514]; n = 45000: [44465.151702, 44628.952413]).
/// </summary>
public class LatencyEvidenceTests
{
    private static readonly double[] Bounds = [0.1, 0.2, 0.3, 0.4, 0.5];

    // canary, 5000 requests:  le 0.1: 2500, 0.2: 4500, 0.3: 4900, 0.4: 4950, 0.5: 4990, +Inf: 5000
    private static LatencyHistogram Canary() => Histogram([2500, 4500, 4900, 4950, 4990], 5000);

    // stable, the same shape × 9: 22500, 40500, 44100, 44550, 44910, +Inf 45000
    private static LatencyHistogram Stable() => Histogram([22500, 40500, 44100, 44550, 44910], 45000);

    [Fact]
    public void The_canary_p99_interval_from_its_ranks()
    {
        var q = LatencyAssessor.Version(Canary(), 1, EvidenceParameters.Default, 0);
        // estimate: rank 0.99 × 5000 = 4950 → top of le=0.4: 0.3 + 0.1 × 50/50 = 0.4 (histogram_quantile's answer)
        Assert.Equal(0.4, q.Estimate!.Value, 12);
        // lower: rank 4922.013628 in le=0.4 (4900 < r ≤ 4950): 0.3 + 0.1 × 22.013628/50 = 0.344027
        Assert.Equal(0.344027, q.Interval.Lower, 6);
        // upper: rank ⌊4972.782514⌋ + 1 = 4973 in le=0.5 (4950 < r ≤ 4990): 0.4 + 0.1 × 23/40 = 0.4575
        Assert.Equal(0.4575, q.Interval.Upper, 9);
        Assert.False(q.AboveTopBucket);
        Assert.Equal(0.002, q.ShareAboveTop, 12); // 10 of 5000 above 0.5 s
    }

    [Fact]
    public void The_relative_delta_interval_combines_the_two_versions()
    {
        // stable: lower rank 44465.151702 in le=0.4 (44100 < r ≤ 44550): 0.3 + 0.1 × 365.151702/450 = 0.381145
        //         upper rank ⌊44628.952413⌋ + 1 = 44629 in le=0.5 (44550 < r ≤ 44910): 0.4 + 0.1 × 79/360 = 0.421944
        // delta ∈ [0.344027/0.421944 − 1, 0.4575/0.381145 − 1] = [−0.184662, +0.200331]; estimate 0.4/0.4 − 1 = 0
        var e = Assess(Canary(), Stable());
        Assert.Equal(0.381145, e.Stable!.Interval.Lower, 6);
        Assert.Equal(0.421944, e.Stable.Interval.Upper, 6);
        Assert.Equal(-0.184662, e.DeltaInterval!.Value.Lower, 6);
        Assert.Equal(0.200331, e.DeltaInterval.Value.Upper, 6);
        Assert.Equal(0, e.Delta!.Value, 12);
        // The upper end is a hair above the 20 % threshold: not yet evidence of "within".
        Assert.Equal(EvidenceVerdict.Insufficient, e.Verdict);
        Assert.Null(e.Problem);
        Assert.Equal(EvidenceVerdict.WithinThreshold, Assess(Canary(), Stable(), 0.21).Verdict);
    }

    [Fact]
    public void A_canary_p99_in_the_Inf_bucket_is_above_the_top_bound_and_never_understated()
    {
        // le 0.3: 4900, 0.4: 4920, 0.5: 4940, +Inf: 5000 → rank 4950 > 4940: p99 above 0.5 s (Prometheus would say 0.5).
        var slow = Histogram([2500, 4500, 4900, 4920, 4940], 5000);
        var e = Assess(slow, Stable());
        Assert.True(e.Canary!.AboveTopBucket);
        Assert.Null(e.Canary.Estimate);
        Assert.Equal(0.012, e.Canary.ShareAboveTop, 12); // 60 of 5000
        // lower rank 4922.013628 in le=0.5 (4920 < r ≤ 4940): 0.4 + 0.1 × 2.013628/20 = 0.410068; no upper bound.
        Assert.Equal(0.410068, e.Canary.Interval.Lower, 6);
        Assert.Equal(double.PositiveInfinity, e.Canary.Interval.Upper);
        // The delta is at least 0.5/0.4 − 1 = +25 % (the top bound against stable's estimate), not +25 % exactly.
        Assert.Null(e.Delta);
        Assert.Equal(0.25, e.DeltaAtLeast!.Value, 12);
        Assert.Equal(double.PositiveInfinity, e.DeltaInterval!.Value.Upper);
        // [0.4100681/0.4219444 − 1, ∞) = [−2.81466 %, ∞): no breach yet, and never "within".
        Assert.Equal(-0.0281466, e.DeltaInterval.Value.Lower, 7);
        Assert.Equal(EvidenceVerdict.Insufficient, e.Verdict);
    }

    [Fact]
    public void A_canary_far_into_the_Inf_bucket_breaches_on_the_top_bound_alone()
    {
        // 20 % of 5000 above 0.5 s: the lower rank 4922 is in +Inf, so the lower bound is the top bound 0.5 itself
        // (valid: those requests took longer). 0.5/0.421944 − 1 = +18.499 %: with a 10 % threshold, a breach.
        var awful = Histogram([2000, 3000, 3500, 3800, 4000], 5000);
        var e = Assess(awful, Stable(), 0.10);
        Assert.Equal(0.5, e.Canary!.Interval.Lower, 12);
        Assert.Equal(0.184990, e.DeltaInterval!.Value.Lower, 6);
        Assert.Equal(EvidenceVerdict.Breach, e.Verdict);
    }

    [Fact]
    public void A_stable_p99_in_the_Inf_bucket_bounds_the_delta_from_above_only()
    {
        // stable: le 0.5 holds 44400 of 45000, rank 44550 is in +Inf; its lower rank 44465.15 too, so stable's p99 ≥ 0.5
        // and has no upper bound. delta ∈ [−100 %, 0.4575/0.5 − 1] = [−100 %, −8.5 %]: the canary is faster, whatever
        // stable's p99 is. That is evidence of "within"; nothing could ever be evidence of a breach against it.
        var slowStable = Histogram([22500, 40500, 44100, 44300, 44400], 45000);
        var e = Assess(Canary(), slowStable);
        Assert.True(e.Stable!.AboveTopBucket);
        Assert.Equal(0.5, e.Stable.Interval.Lower);
        Assert.Null(e.Delta);
        Assert.Null(e.DeltaAtLeast);
        Assert.Equal(-1, e.DeltaInterval!.Value.Lower);
        Assert.Equal(-0.085, e.DeltaInterval.Value.Upper, 12);
        Assert.Equal(EvidenceVerdict.WithinThreshold, e.Verdict);
        Assert.NotEqual(EvidenceVerdict.Breach, Assess(Histogram([0, 0, 0, 0, 0], 5000), slowStable, 0.01).Verdict);
    }

    [Fact]
    public void Everything_in_the_Inf_bucket()
    {
        var e = Assess(Histogram([0, 0, 0, 0, 0], 5000), Histogram([0, 0, 0, 0, 0], 45000));
        Assert.True(e.Canary!.AboveTopBucket && e.Stable!.AboveTopBucket);
        Assert.Equal(1, e.Canary.ShareAboveTop);
        Assert.Equal(new Interval(-1, double.PositiveInfinity), e.DeltaInterval);
        Assert.Equal(EvidenceVerdict.Insufficient, e.Verdict);
    }

    [Fact]
    public void Too_few_requests_hold_whatever_the_interval()
    {
        var few = Histogram([20, 30, 40, 45, 49], 49);
        var e = Assess(few, Stable());
        Assert.Equal(EvidenceVerdict.Insufficient, e.Verdict);
        Assert.Equal("too few canary requests (49 of 50)", e.Problem);
        Assert.NotNull(e.DeltaInterval); // still shown
    }

    [Fact]
    public void An_empty_version_holds()
    {
        var empty = Histogram([0, 0, 0, 0, 0], 0);
        var e = Assess(Canary(), empty);
        Assert.Equal(EvidenceVerdict.Insufficient, e.Verdict);
        Assert.Equal("too few stable requests (0 of 50)", e.Problem);
        Assert.Null(e.Stable!.Estimate);
        Assert.Equal(double.PositiveInfinity, e.Stable.Interval.Upper);
    }

    [Fact]
    public void A_missing_histogram_is_no_evidence()
    {
        var e = LatencyAssessor.Assess(new VersionCounts(5000, 0, null, "no series for job=\"a\""), new VersionCounts(45000, 0, Stable()),
            EngineParameters.Default, EvidenceParameters.Default);
        Assert.Equal(EvidenceVerdict.Insufficient, e.Verdict);
        Assert.Equal("canary latency histogram: no series for job=\"a\"", e.Problem);
        Assert.Null(e.DeltaInterval);
    }

    [Fact]
    public void Scaling_is_the_same_as_measuring_more()
    {
        var scaled = LatencyAssessor.Version(Histogram([250, 450, 490, 495, 499], 500), 10, EvidenceParameters.Default, 0);
        var measured = LatencyAssessor.Version(Canary(), 1, EvidenceParameters.Default, 0);
        Assert.Equal(measured.Interval.Lower, scaled.Interval.Lower, 12);
        Assert.Equal(measured.Interval.Upper, scaled.Interval.Upper, 12);
        Assert.Equal(5000, scaled.Count);
    }

    private static LatencyEvidence Assess(LatencyHistogram canary, LatencyHistogram stable, double threshold = 0.20) =>
        LatencyAssessor.Assess(new VersionCounts(canary.Total, 0, canary), new VersionCounts(stable.Total, 0, stable),
            EngineParameters.Default with { LatencyThreshold = threshold }, EvidenceParameters.Default);

    internal static LatencyHistogram Histogram(double[] cumulative, double total) =>
        LatencyHistogram.TryFromSorted(Bounds, cumulative, total, out _)!;
}
