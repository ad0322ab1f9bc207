using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Engine.Evidence;

/// <summary>The verdict of a look: how the two metrics combine, and every edge the inputs can have.</summary>
public class EvidenceEngineTests
{
    private static readonly EngineParameters Engine = EngineParameters.Default;

    // A healthy pair with plenty of data: 0.5 % errors, log-normal p99 ≈ 320 ms, canary 20,000 requests, stable 180,000.
    private static VersionCounts Healthy(double requests, double errorRate = 0.005, double slowdown = 1) =>
        new(requests, requests * errorRate, EvidenceSimulator.ExpectedHistogram(requests, 0.1 * slowdown, 0.5));

    [Fact]
    public void A_healthy_canary_with_plenty_of_data_is_within_thresholds()
    {
        var result = EvidenceEngine.Evaluate(new EvidenceInputs(Healthy(20_000), Healthy(180_000)), Engine);
        Assert.Equal(EvidenceVerdict.WithinThreshold, result.Verdict);
        Assert.Equal(EvidenceVerdict.WithinThreshold, result.Errors.Verdict);
        Assert.Equal(EvidenceVerdict.WithinThreshold, result.Latency.Verdict);
        Assert.Null(result.Needed);
        Assert.StartsWith("within thresholds: p99 0 % [", result.Reason);
    }

    [Fact]
    public void Either_metric_breaching_is_a_breach()
    {
        var slow = EvidenceEngine.Assess(new EvidenceInputs(Healthy(20_000, slowdown: 1.5), Healthy(180_000)), Engine);
        Assert.Equal((EvidenceVerdict.Breach, EvidenceVerdict.WithinThreshold), (slow.Latency.Verdict, slow.Errors.Verdict));
        Assert.Equal(EvidenceVerdict.Breach, slow.Verdict);
        var failing = EvidenceEngine.Assess(new EvidenceInputs(Healthy(20_000, errorRate: 0.06), Healthy(180_000)), Engine);
        Assert.Equal((EvidenceVerdict.WithinThreshold, EvidenceVerdict.Breach), (failing.Latency.Verdict, failing.Errors.Verdict));
        Assert.Equal(EvidenceVerdict.Breach, failing.Verdict);
    }

    [Fact]
    public void Within_needs_both_metrics()
    {
        // Errors within, latency without a histogram: hold.
        var noLatency = EvidenceEngine.Assess(new EvidenceInputs(Healthy(20_000) with { Latency = null }, Healthy(180_000)), Engine);
        Assert.Equal(EvidenceVerdict.WithinThreshold, noLatency.Errors.Verdict);
        Assert.Equal(EvidenceVerdict.Insufficient, noLatency.Verdict);
    }

    [Fact]
    public void Zero_requests_hold()
    {
        var empty = new VersionCounts(0, 0, LatencyHistogram.Create([new(0.1, 0), new(double.PositiveInfinity, 0)]));
        var result = EvidenceEngine.Evaluate(new EvidenceInputs(empty, empty), Engine);
        Assert.Equal(EvidenceVerdict.Insufficient, result.Verdict);
        Assert.Contains("too few canary requests (0 of 50)", result.Reason);
    }

    [Fact]
    public void Zero_errors_on_both_sides_is_no_problem()
    {
        var result = EvidenceEngine.Assess(new EvidenceInputs(Healthy(20_000, errorRate: 0), Healthy(180_000, errorRate: 0)), Engine);
        Assert.Equal(EvidenceVerdict.WithinThreshold, result.Verdict);
        Assert.Equal(0, result.Errors.Delta);
    }

    [Fact]
    public void All_errors_breach_at_the_minimum_count()
    {
        // 50 of 50 canary requests failing (the minimum count): canary ≥ 0.7 at 95 % → breach at once.
        var result = EvidenceEngine.Assess(new EvidenceInputs(Healthy(50, errorRate: 1), Healthy(450)), Engine);
        Assert.Equal(EvidenceVerdict.Breach, result.Errors.Verdict);
        Assert.Equal(EvidenceVerdict.Breach, result.Verdict);
    }

    [Fact]
    public void Everything_in_the_Inf_bucket_holds_and_says_so()
    {
        var inf = LatencyHistogram.Create([new(0.5, 0), new(double.PositiveInfinity, 20_000)]);
        var result = EvidenceEngine.Evaluate(new EvidenceInputs(Healthy(20_000) with { Latency = inf }, Healthy(180_000) with { Latency = inf }), Engine);
        Assert.Equal(EvidenceVerdict.Insufficient, result.Latency.Verdict);
        Assert.Equal(EvidenceVerdict.Insufficient, result.Verdict);
        Assert.Contains("above the top bucket for the canary's (> 500 ms, 100 % of its requests above it) and stable's", result.Reason);
    }

    [Fact]
    public void One_version_empty_holds()
    {
        var result = EvidenceEngine.Assess(new EvidenceInputs(Healthy(20_000), VersionCounts.Missing), Engine);
        Assert.Equal(EvidenceVerdict.Insufficient, result.Verdict);
        Assert.Equal("stable request count is missing", result.Errors.Problem);
        Assert.Equal("stable latency histogram: no data", result.Latency.Problem);
    }

    [Fact]
    public void Fractional_counts_decide_like_their_neighbours()
    {
        // Extrapolated counts (×1.0173) of a healthy pair: still within, with the same estimates.
        var scaled = new EvidenceInputs(
            new VersionCounts(20_000 * 1.0173, 100 * 1.0173, Healthy(20_000).Latency!.Scaled(1.0173)),
            new VersionCounts(180_000 * 1.0173, 900 * 1.0173, Healthy(180_000).Latency!.Scaled(1.0173)));
        var result = EvidenceEngine.Assess(scaled, Engine);
        Assert.Equal(EvidenceVerdict.WithinThreshold, result.Verdict);
        Assert.Equal(0, result.Errors.Delta!.Value, 12);
    }

    public static TheoryData<string> NaNPlaces => new() { "canary requests", "canary errors", "stable requests", "stable errors", "canary bucket", "stable bucket", "canary +Inf" };

    [Theory]
    [MemberData(nameof(NaNPlaces))]
    public void A_NaN_makes_its_metric_no_evidence_and_never_a_breach(string where)
    {
        // Start from a canary that breaches on both metrics, then put one NaN in.
        var canaryBuckets = Buckets(20_000, 2.0);
        var stableBuckets = Buckets(180_000, 1.0);
        double cr = 20_000, ce = 2_000, sr = 180_000, se = 900;
        switch (where)
        {
            case "canary requests": cr = double.NaN; break;
            case "canary errors": ce = double.NaN; break;
            case "stable requests": sr = double.NaN; break;
            case "stable errors": se = double.NaN; break;
            case "canary bucket": canaryBuckets[10] = canaryBuckets[10] with { CumulativeCount = double.NaN }; break;
            case "stable bucket": stableBuckets[10] = stableBuckets[10] with { CumulativeCount = double.NaN }; break;
            case "canary +Inf": canaryBuckets[^1] = canaryBuckets[^1] with { CumulativeCount = double.NaN }; break;
        }
        var result = EvidenceEngine.Evaluate(new EvidenceInputs(VersionCounts.From(cr, ce, canaryBuckets), VersionCounts.From(sr, se, stableBuckets)), Engine);
        var latencyHit = where.Contains("bucket") || where.Contains("Inf");
        var (verdict, problem) = latencyHit ? (result.Latency.Verdict, result.Latency.Problem) : (result.Errors.Verdict, result.Errors.Problem);
        Assert.Equal(EvidenceVerdict.Insufficient, verdict);
        Assert.NotNull(problem);
        // The other metric's evidence stands on its own: a NaN in the error query does not veto a measured latency breach.
        Assert.Equal(EvidenceVerdict.Breach, latencyHit ? result.Errors.Verdict : result.Latency.Verdict);
    }

    [Fact]
    public void NaN_everywhere_is_insufficient_never_a_breach()
    {
        var nan = new VersionCounts(double.NaN, double.NaN, null, "NaN");
        var result = EvidenceEngine.Evaluate(new EvidenceInputs(nan, nan), Engine);
        Assert.Equal(EvidenceVerdict.Insufficient, result.Verdict);
        Assert.Null(result.Needed);
        Assert.Equal("hold: p99: no evidence (canary latency histogram: NaN); errors: no evidence (canary request count is missing)", result.Reason);
    }

    [Fact]
    public void Null_versions_are_missing_data()
    {
        var result = EvidenceEngine.Assess(new EvidenceInputs(null!, null!), Engine);
        Assert.Equal(EvidenceVerdict.Insufficient, result.Verdict);
    }

    [Fact]
    public void Invalid_parameters_are_refused_with_every_problem()
    {
        var inputs = new EvidenceInputs(Healthy(100), Healthy(900));
        var e = Assert.Throws<ArgumentException>(() => EvidenceEngine.Assess(inputs,
            Engine with { LatencyThreshold = 0, MinRequests = double.NaN },
            new EvidenceParameters { Confidence = 1, QuantilePriorWeight = -1 }));
        Assert.Contains("LatencyThreshold", e.Message);
        Assert.Contains("MinRequests", e.Message);
        Assert.Contains("Confidence", e.Message);
        Assert.Contains("QuantilePriorWeight", e.Message);
        // The engine's other fields are not the evidence's business.
        Assert.Equal(EvidenceVerdict.Insufficient, EvidenceEngine.Assess(inputs, Engine with { LatencyDecay = -1 }).Verdict);
    }

    [Fact]
    public void The_parameters_validate_every_field()
    {
        Assert.Empty(EvidenceParameters.Default.Validate());
        var problems = new EvidenceParameters { Confidence = double.NaN, Quantile = 1, BreachRule = (BreachRule)7, ErrorPrior = new(0, 1), QuantilePriorWeight = double.PositiveInfinity }.Validate();
        Assert.Equal(["Confidence", "Quantile", "BreachRule", "ErrorPrior", "QuantilePriorWeight"], problems.Select(p => p.Field));
        Assert.Equal(0.0125, EvidenceParameters.Default.AlphaPerSequence, 15);
        Assert.Equal(new BetaPrior(99, 1), EvidenceParameters.Default.QuantilePrior);
    }

    [Fact]
    public void The_worse_than_stable_rule_aborts_a_gross_regression_sooner()
    {
        // +35 % p99 on 2,000 canary requests: the interval is above 0 (worse) but not yet above +20 %.
        var inputs = new EvidenceInputs(Healthy(2_000, slowdown: 1.35), Healthy(18_000));
        Assert.Equal(EvidenceVerdict.Insufficient, EvidenceEngine.Assess(inputs, Engine).Verdict);
        var worse = EvidenceEngine.Evaluate(inputs, Engine, new EvidenceParameters { BreachRule = BreachRule.WorseThanStableAndEstimateAboveThreshold });
        Assert.Equal(EvidenceVerdict.Breach, worse.Verdict);
        Assert.Contains("worse than stable, estimate above the 20 % threshold", worse.Reason);
    }

    private static HistogramBucket[] Buckets(double requests, double slowdown)
    {
        var h = EvidenceSimulator.ExpectedHistogram(requests, 0.1 * slowdown, 0.5);
        return [.. h.FiniteBounds.Zip(h.CumulativeCounts, (b, c) => new HistogramBucket(b, c)), new HistogramBucket(double.PositiveInfinity, h.Total)];
    }
}
