using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Engine.Evidence;

/// <summary>"Hold, and this is what it needs": the projection checked against the evidence it projects.</summary>
public class EvidenceProjectionTests
{
    private static readonly EngineParameters Engine = EngineParameters.Default;

    private static VersionCounts Version(double requests, double errorRate, double slowdown = 1) =>
        new(requests, requests * errorRate, EvidenceSimulator.ExpectedHistogram(requests, 0.1 * slowdown, 0.5));

    private static EvidenceInputs Scaled(EvidenceInputs inputs, double factor) => new(
        new VersionCounts(inputs.Canary.Requests * factor, inputs.Canary.Errors * factor, inputs.Canary.Latency!.Scaled(factor)),
        new VersionCounts(inputs.Stable.Requests * factor, inputs.Stable.Errors * factor, inputs.Stable.Latency!.Scaled(factor)));

    [Fact]
    public void A_healthy_canary_one_minute_in_at_10_per_second_is_told_how_long_to_wait()
    {
        var inputs = new EvidenceInputs(Version(600, 0.005), Version(5400, 0.005), TimeSpan.FromMinutes(1));
        var result = EvidenceEngine.Evaluate(inputs, Engine);
        Assert.Equal(EvidenceVerdict.Insufficient, result.Verdict);
        var needed = result.Needed!;
        Assert.Equal(EvidenceVerdict.WithinThreshold, needed.Expected);
        Assert.Equal(10, needed.CanaryRequestsPerSecond!.Value, 12);

        // The same traffic for that much longer shows "within"; 3 % less does not yet.
        var factor = 1 + needed.MoreCanaryRequests!.Value / 600;
        Assert.Equal(EvidenceVerdict.WithinThreshold, EvidenceEngine.Assess(Scaled(inputs, factor), Engine).Verdict);
        Assert.Equal(EvidenceVerdict.Insufficient, EvidenceEngine.Assess(Scaled(inputs, factor / 1.03), Engine).Verdict);
        Assert.Equal(TimeSpan.FromMinutes(factor - 1).TotalSeconds, needed.MoreTime!.Value.TotalSeconds, 6);
        // p99 is the slower metric to settle: a few thousand requests, minutes at 10 req/s (README, "Evidence").
        Assert.InRange(needed.MoreCanaryRequests.Value, 1_000, 6_000);
        Assert.Contains("more canary requests (≈ ", result.Reason);
        Assert.Contains("at 10 req/s) to show it within the thresholds, if the estimates hold", result.Reason);
    }

    [Fact]
    public void A_regressed_canary_is_told_how_long_until_the_breach_shows()
    {
        var inputs = new EvidenceInputs(Version(100, 0.005, slowdown: 1.6), Version(900, 0.005), TimeSpan.FromSeconds(10));
        var result = EvidenceEngine.Evaluate(inputs, Engine);
        Assert.Equal(EvidenceVerdict.Insufficient, result.Verdict);
        Assert.Equal(EvidenceVerdict.Breach, result.Needed!.Expected);
        var factor = 1 + result.Needed.MoreCanaryRequests!.Value / 100;
        Assert.Equal(EvidenceVerdict.Breach, EvidenceEngine.Assess(Scaled(inputs, factor), Engine).Verdict);
    }

    [Fact]
    public void An_estimate_sitting_on_its_threshold_is_never_decided()
    {
        // Errors exactly 2 pp above stable: the interval narrows around the threshold but never leaves it.
        var inputs = new EvidenceInputs(Version(5000, 0.025), Version(45000, 0.005), TimeSpan.FromMinutes(8));
        var result = EvidenceEngine.Evaluate(inputs, Engine);
        Assert.Equal(EvidenceVerdict.Insufficient, result.Verdict);
        Assert.Null(result.Needed!.MoreCanaryRequests);
        Assert.Null(result.Needed.MoreTime);
        Assert.Contains("no amount of traffic decides at these estimates", result.Reason);
    }

    [Fact]
    public void Without_the_window_the_need_is_in_requests_only()
    {
        var result = EvidenceEngine.Evaluate(new EvidenceInputs(Version(600, 0.005), Version(5400, 0.005)), Engine);
        Assert.NotNull(result.Needed!.MoreCanaryRequests);
        Assert.Null(result.Needed.MoreTime);
        Assert.Null(result.Needed.CanaryRequestsPerSecond);
    }

    [Fact]
    public void The_poller_can_assess_every_look_and_project_only_when_asked()
    {
        var inputs = new EvidenceInputs(Version(600, 0.005), Version(5400, 0.005), TimeSpan.FromMinutes(1));
        var assessment = EvidenceEngine.Assess(inputs, Engine);
        var result = EvidenceEngine.Evaluate(inputs, Engine);
        Assert.Equal(result.Needed, EvidenceEngine.Needed(inputs, assessment, Engine));
        Assert.StartsWith(assessment.Reason, result.Reason);
        Assert.DoesNotContain("more canary requests", assessment.Reason);
    }

    [Fact]
    public void A_version_without_traffic_cannot_be_projected()
    {
        var empty = new VersionCounts(0, 0, LatencyHistogram.Create([new(0.1, 0), new(double.PositiveInfinity, 0)]));
        Assert.Null(EvidenceEngine.Evaluate(new EvidenceInputs(Version(600, 0.005), empty, TimeSpan.FromMinutes(1)), Engine).Needed);
        Assert.Null(EvidenceEngine.Evaluate(new EvidenceInputs(empty, Version(600, 0.005), TimeSpan.FromMinutes(1)), Engine).Needed);
    }

    [Fact]
    public void No_data_projects_nothing()
    {
        var result = EvidenceEngine.Evaluate(new EvidenceInputs(VersionCounts.Missing, Version(5400, 0.005)), Engine);
        Assert.Null(result.Needed);
        var decided = EvidenceEngine.Evaluate(new EvidenceInputs(Version(50_000, 0.005), Version(450_000, 0.005)), Engine);
        Assert.Equal(EvidenceVerdict.WithinThreshold, decided.Verdict);
        Assert.Null(decided.Needed);
    }
}
