using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Engine.Evidence;

/// <summary>The plain-words reasons, exactly.</summary>
public class EvidenceTextTests
{
    private static VersionQuantile Quantile(double count, double? estimate = 0.3, bool above = false, double share = 0) =>
        new(count, 0.99, estimate, above, 5, share, new Interval(0.2, 0.4));

    private static LatencyEvidence Latency(double? delta, double lower, double upper, EvidenceVerdict verdict, double? atLeast = null,
        VersionQuantile? canary = null, VersionQuantile? stable = null, string? problem = null) =>
        new(verdict, canary ?? Quantile(1240), stable ?? Quantile(11160), delta, atLeast, new Interval(lower, upper), 0.99, 0.20, 0.95, problem);

    private static ErrorRateEvidence Errors(double delta, double lower, double upper, EvidenceVerdict verdict, string? problem = null) =>
        new(verdict, new VersionErrorRate(1240, 10, 0.008, new Interval(0, 0.02)), new VersionErrorRate(11160, 45, 0.004, new Interval(0.003, 0.005)),
            delta, new Interval(lower, upper), 0.02, 0.95, problem);

    [Fact]
    public void The_latency_reason_names_the_interval()
    {
        Assert.Equal("p99 +8 % [−3 %, +19 %] at 95 %, 1,240 requests: within the 20 % threshold",
            Latency(0.08, -0.03, 0.19, EvidenceVerdict.WithinThreshold).Reason);
        Assert.Equal("p99 +45 % [+27 %, +66 %] at 95 %, 1,240 requests: above the 20 % threshold",
            Latency(0.45, 0.27, 0.66, EvidenceVerdict.Breach).Reason);
        Assert.Equal("p99 +8 % [−3 %, +31 %] at 95 %, 1,240 requests: not yet clear of the 20 % threshold",
            Latency(0.08, -0.03, 0.31, EvidenceVerdict.Insufficient).Reason);
        // Below 10 %, one decimal; an unbounded end is ∞; the lowest possible delta is −100 %.
        Assert.Equal("p99 +2.4 % [−100 %, ∞] at 95 %, 1,240 requests: not yet clear of the 20 % threshold",
            Latency(0.024, -1, double.PositiveInfinity, EvidenceVerdict.Insufficient).Reason);
        Assert.Equal("p99 0 % [−0.4 %, +0.4 %] at 95 %, 1,240 requests: within the 20 % threshold",
            Latency(-0.0004, -0.004, 0.004, EvidenceVerdict.WithinThreshold).Reason);
    }

    [Fact]
    public void The_error_reason_names_the_interval_in_percentage_points()
    {
        Assert.Equal("errors +0.4 pp [−0.1, +0.9] at 95 %, 1,240 requests: within the 2 pp threshold",
            Errors(0.004, -0.001, 0.009, EvidenceVerdict.WithinThreshold).Reason);
        Assert.Equal("errors +0.35 pp [−0.12, +2.7] at 95 %, 1,240 requests: not yet clear of the 2 pp threshold",
            Errors(0.0035, -0.0012, 0.027, EvidenceVerdict.Insufficient).Reason);
        Assert.Equal("errors +4.1 pp [+2.3, +6.0] at 95 %, 1,240 requests: above the 2 pp threshold",
            Errors(0.041, 0.023, 0.060, EvidenceVerdict.Breach).Reason);
    }

    [Fact]
    public void A_problem_replaces_the_conclusion()
    {
        Assert.Equal("errors +0.4 pp [−1.8, +9.9] at 95 %, 1,240 requests (too few stable requests (12 of 50))",
            Errors(0.004, -0.018, 0.099, EvidenceVerdict.Insufficient, "too few stable requests (12 of 50)").Reason);
        var none = new ErrorRateEvidence(EvidenceVerdict.Insufficient, null, null, null, null, 0.02, 0.95, "canary request count is missing");
        Assert.Equal("errors: no evidence (canary request count is missing)", none.Reason);
    }

    [Fact]
    public void A_p99_above_the_top_bucket_is_told_never_understated()
    {
        var canary = Quantile(1240, estimate: null, above: true, share: 0.021);
        Assert.Equal("p99 above the top bucket for the canary's (> 5 s, 2.1 % of its requests above it): at least +45 % [+12 %, ∞] at 95 %, 1,240 requests: not yet clear of the 20 % threshold",
            Latency(null, 0.12, double.PositiveInfinity, EvidenceVerdict.Insufficient, atLeast: 0.45, canary: canary).Reason);
        var stable = Quantile(11160, estimate: null, above: true, share: 0.013);
        Assert.Equal("p99 above the top bucket for stable's (> 5 s, 1.3 % of its requests above it): delta unknown [−100 %, −8.5 %] at 95 %, 1,240 requests: within the 20 % threshold",
            Latency(null, -1, -0.085, EvidenceVerdict.WithinThreshold, stable: stable).Reason);
    }

    [Fact]
    public void A_hold_says_what_more_it_needs()
    {
        var assessment = new EvidenceAssessment(EvidenceVerdict.Insufficient,
            Errors(0.004, -0.001, 0.009, EvidenceVerdict.WithinThreshold), Latency(0.08, -0.03, 0.31, EvidenceVerdict.Insufficient));
        var needed = new EvidenceNeeded(EvidenceVerdict.WithinThreshold, 1893.2, TimeSpan.FromSeconds(189.32), 10);
        Assert.Equal("hold: p99 +8 % [−3 %, +31 %] at 95 %, 1,240 requests: not yet clear of the 20 % threshold; "
                     + "errors +0.4 pp [−0.1, +0.9] at 95 %, 1,240 requests: within the 2 pp threshold; "
                     + "about 1,894 more canary requests (≈ 3 min 10 s at 10 req/s) to show it within the thresholds, if the estimates hold",
            EvidenceText.Describe(assessment, needed));
        Assert.Equal("no amount of traffic decides at these estimates (an estimate sits on its threshold, or a quantile is above the top bucket)",
            EvidenceText.Describe(new EvidenceNeeded(EvidenceVerdict.Insufficient, null, null, 10)));
        Assert.Equal("about 40 more canary requests to show the breach, if the estimates hold",
            EvidenceText.Describe(new EvidenceNeeded(EvidenceVerdict.Breach, 40, null, null)));
    }

    [Fact]
    public void A_breach_names_the_breaching_metric_first()
    {
        var assessment = new EvidenceAssessment(EvidenceVerdict.Breach,
            Errors(0.041, 0.023, 0.060, EvidenceVerdict.Breach), Latency(0.08, -0.03, 0.19, EvidenceVerdict.WithinThreshold));
        Assert.Equal("breach: errors +4.1 pp [+2.3, +6.0] at 95 %, 1,240 requests: above the 2 pp threshold "
                     + "(and p99 +8 % [−3 %, +19 %] at 95 %, 1,240 requests: within the 20 % threshold)",
            EvidenceText.Describe(assessment, null));
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(189.3, "3 min 10 s")]
    [InlineData(600, "10 min")]
    [InlineData(3600, "1 h")]
    [InlineData(5000, "1 h 24 min")]
    public void Durations_read_naturally(double seconds, string text) =>
        Assert.Equal(text, EvidenceText.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(0.999, "p99.9")]
    [InlineData(0.95, "p95")]
    public void Other_quantiles_are_named(double q, string name) => Assert.Equal(name, EvidenceText.QuantileName(q));
}
