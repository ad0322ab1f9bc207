using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Engine.Evidence;

/// <summary>
/// The error-rate delta's interval, [L_canary − U_stable, U_canary − L_stable], by hand; per-version
/// bounds from <see cref="ConfidenceSequenceTests"/>.
/// </summary>
public class ErrorRateEvidenceTests
{
    [Fact]
    public void No_errors_in_400_canary_requests_is_evidence_of_within_2_pp()
    {
        // canary 0/400: [0, 0.018395]; stable 0/4000: [0, 0.002418]
        // delta ∈ [0 − 0.002418, 0.018395 − 0] = [−0.002418, +0.018395] ≤ 0.02: within.
        var e = Assess(400, 0, 4000, 0);
        Assert.Equal(-0.0024184038, e.DeltaInterval!.Value.Lower, 9);
        Assert.Equal(0.018395079, e.DeltaInterval.Value.Upper, 9);
        Assert.Equal(0, e.Delta);
        Assert.Equal(EvidenceVerdict.WithinThreshold, e.Verdict);
    }

    [Fact]
    public void No_errors_in_300_canary_requests_is_not_yet()
    {
        // canary 0/300: 1 − exp((ln(20/320) − ln 80)/300) = 1 − exp(−7.154615/300) = 0.023567 > 0.02
        var e = Assess(300, 0, 4000, 0);
        Assert.Equal(0.023567, e.DeltaInterval!.Value.Upper, 6);
        Assert.Equal(EvidenceVerdict.Insufficient, e.Verdict);
        Assert.Null(e.Problem);
    }

    [Fact]
    public void Every_canary_request_failing_is_a_breach()
    {
        // canary 200/200: [0.708119, 1]; stable 0/4000: [0, 0.002418]; lower 0.708119 − 0.002418 = 0.705701 > 0.02
        var e = Assess(200, 200, 4000, 0);
        Assert.Equal(0.705701, e.DeltaInterval!.Value.Lower, 6);
        Assert.Equal(1, e.Delta);
        Assert.Equal(EvidenceVerdict.Breach, e.Verdict);
    }

    [Fact]
    public void Three_errors_in_200_against_none_in_4000_straddles_the_threshold()
    {
        // canary 3/200: [0.000924, 0.063176]; delta ∈ [0.000924 − 0.002418, 0.063176 − 0] = [−0.001494, 0.063176]
        var e = Assess(200, 3, 4000, 0);
        Assert.Equal(-0.0014941149, e.DeltaInterval!.Value.Lower, 9);
        Assert.Equal(0.063175657, e.DeltaInterval.Value.Upper, 8);
        Assert.Equal(0.015, e.Delta!.Value, 12);
        Assert.Equal(EvidenceVerdict.Insufficient, e.Verdict);
        // The rule that asks only "worse than stable and estimate above": the estimate 1.5 pp is under 2 pp, and 0 is inside.
        Assert.Equal(EvidenceVerdict.Insufficient, Assess(200, 3, 4000, 0, BreachRule.WorseThanStableAndEstimateAboveThreshold).Verdict);
    }

    [Fact]
    public void The_worse_than_stable_rule_breaches_on_an_estimate_above_the_threshold_once_worse_is_shown()
    {
        // canary 12/400 = 3 %: a lower bound above stable's upper bound, yet not above stable + 2 pp.
        var strict = Assess(400, 12, 40000, 20);
        Assert.True(strict.DeltaInterval!.Value.Lower is > 0 and < 0.02);
        Assert.Equal(EvidenceVerdict.Insufficient, strict.Verdict);
        Assert.Equal(EvidenceVerdict.Breach, Assess(400, 12, 40000, 20, BreachRule.WorseThanStableAndEstimateAboveThreshold).Verdict);
    }

    [Fact]
    public void Fractional_counts_from_extrapolation_are_used_as_they_are()
    {
        var e = Assess(199.5, 2.5, 4000, 0);
        // canary 2.5/199.5: [0.000514, 0.058877] (ConfidenceSequenceTests); stable 0/4000: [0, 0.002418]
        Assert.Equal(0.000513887 - 0.0024184038, e.DeltaInterval!.Value.Lower, 8);
        Assert.Equal(0.058877154, e.DeltaInterval.Value.Upper, 8);
    }

    [Fact]
    public void Errors_a_hair_above_requests_are_clamped_but_far_above_are_a_broken_query()
    {
        // increase() over 5xx and over all requests extrapolate separately: 200.3 errors of 200 requests is 100 %.
        Assert.Equal(1, Assess(200, 200.3, 4000, 0).Delta);
        var broken = Assess(200, 400, 4000, 0);
        Assert.Equal(EvidenceVerdict.Insufficient, broken.Verdict);
        Assert.Equal("canary errors (400) exceed its requests (200)", broken.Problem);
    }

    [Theory]
    [InlineData(double.NaN, 0, 4000, 0, "canary request count is missing")]
    [InlineData(400, double.NaN, 4000, 0, "canary error count is missing")]
    [InlineData(400, 0, double.NaN, 0, "stable request count is missing")]
    [InlineData(400, 0, 4000, double.NaN, "stable error count is missing")]
    [InlineData(double.PositiveInfinity, 0, 4000, 0, "canary request count is ∞")]
    [InlineData(400, -1, 4000, 0, "canary error count is −1")]
    public void Missing_or_invalid_counts_are_no_evidence(double cr, double ce, double sr, double se, string problem)
    {
        var e = Assess(cr, ce, sr, se);
        Assert.Equal(EvidenceVerdict.Insufficient, e.Verdict);
        Assert.Equal(problem, e.Problem);
        Assert.Null(e.DeltaInterval);
    }

    [Fact]
    public void Zero_requests_hold()
    {
        var e = Assess(0, 0, 4000, 0);
        Assert.Equal(EvidenceVerdict.Insufficient, e.Verdict);
        Assert.Equal("too few canary requests (0 of 50)", e.Problem);
        Assert.Equal(new Interval(0, 1), e.Canary!.Interval);
        Assert.True(double.IsNaN(e.Canary.Rate));
    }

    private static ErrorRateEvidence Assess(double canaryRequests, double canaryErrors, double stableRequests, double stableErrors,
        BreachRule rule = BreachRule.IntervalAboveThreshold) =>
        ErrorRateAssessor.Assess(new VersionCounts(canaryRequests, canaryErrors, null), new VersionCounts(stableRequests, stableErrors, null),
            EngineParameters.Default, EvidenceParameters.Default with { BreachRule = rule });
}
