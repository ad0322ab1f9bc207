using System.Text.Json.Nodes;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Workload;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Simulation.Workload;

/// <summary>The simulated metrics source's counts since a target's window start, on the seeded rollouts.</summary>
public sealed class SimulatedCountsSourceTests : SimulatedClusterTestBase
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected override SimulatedClusterOptions CreateOptions()
    {
        var options = base.CreateOptions();
        options.TimeProvider = _clock;
        options.SeedExampleRollouts = true;
        return options;
    }

    private static readonly RolloutKey Checkout = new("storefront", "checkout-web");   // Healthy at 20 %

    [Fact]
    public async Task A_target_without_a_window_start_gets_no_counts()
    {
        var reading = await Read(Checkout, windowStart: null);
        Assert.Null(reading.Counts);
        Assert.Null(reading.CountsSince);
        Assert.NotNull(reading.Canary.P99Seconds);   // the rate-window sample is still there
    }

    [Fact]
    public async Task Counts_cover_the_window_since_its_start_and_show_a_healthy_canary_within_after_a_few_minutes()
    {
        var entered = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(1));
        var early = await Read(Checkout, entered);
        Assert.Equal(entered, early.CountsSince);
        Assert.Equal(40 * 60, early.Counts!.Canary.Requests, 6);      // 20 % of 200 req/s for a minute
        Assert.Equal(160 * 60, early.Counts.Stable.Requests, 6);
        Assert.Equal(TimeSpan.FromMinutes(1), early.Counts.Window);

        _clock.Advance(TimeSpan.FromMinutes(3));
        var later = await Read(Checkout, entered);
        Assert.Equal(40 * 240, later.Counts!.Canary.Requests, 6);
        Assert.Equal(EvidenceVerdict.WithinThreshold, EvidenceEngine.Evaluate(later.Counts, EngineParameters.Default).Verdict);
    }

    [Fact]
    public async Task A_window_start_before_the_canary_existed_counts_from_the_canarys_start()
    {
        var canaryStarted = _clock.GetUtcNow();   // the seeds made the canary ReplicaSets at the clock's start
        _clock.Advance(TimeSpan.FromSeconds(30));
        var reading = await Read(Checkout, canaryStarted.AddHours(-2));
        Assert.Equal(canaryStarted, reading.CountsSince);
        Assert.Equal(40 * 30, reading.Counts!.Canary.Requests, 6);
    }

    [Fact]
    public async Task No_traffic_gives_zero_counts_which_hold()
    {
        var entered = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(5));
        var reading = await Read(new RolloutKey("storefront", "recommendations"), entered);
        Assert.Equal(0, reading.Counts!.Canary.Requests);
        Assert.Equal(0, reading.Counts.Stable.Requests);
        Assert.Equal(EvidenceVerdict.Insufficient, EvidenceEngine.Assess(reading.Counts, EngineParameters.Default).Verdict);
    }

    [Fact]
    public async Task Pool_exhaustion_breaches_seconds_after_the_canary_enters_35_percent()
    {
        var key = new RolloutKey("payments", "payments-gateway");
        Cluster.Store.Update(ResourceCatalog.Rollouts, key.Namespace, key.Name, r =>
            (JsonObject)MergePatch.Apply(r, JsonNode.Parse("""{"status":{"pauseConditions":null,"currentStepIndex":10}}"""))!);
        Cluster.Controller.ReconcileAll();   // setWeight 35
        var entered = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromSeconds(10));
        var reading = await Read(key, entered);
        Assert.Equal(EvidenceVerdict.Breach, EvidenceEngine.Evaluate(reading.Counts!, EngineParameters.Default).Verdict);
    }

    private async Task<MetricsReading> Read(RolloutKey key, DateTimeOffset? windowStart)
    {
        var target = new MetricTarget(key, key.Name, "v2-canary", "v1-stable") { WindowStart = windowStart };
        var batch = await new SimulatedMetricsSource(Cluster).ReadAsync([target], CancellationToken.None);
        return batch.Readings[key];
    }
}
