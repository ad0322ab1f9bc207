using k8s;
using System.Text.Json.Nodes;
using CanaryDashboard.Engine;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Seeding;
using CanaryDashboard.Simulation.Workload;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Simulation;

/// <summary>The simulated metrics, read through <see cref="IMetricsSource"/> from rollouts the simulated controller drives.</summary>
public sealed class SimulatedMetricsTests : SimulatedClusterTestBase
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected override SimulatedClusterOptions CreateOptions()
    {
        var options = base.CreateOptions();
        options.TimeProvider = _clock;
        options.SeedExampleRollouts = true;
        return options;
    }

    private SimulatedMetricsSource Source => new(Cluster);

    [Fact]
    public async Task Pool_exhaustion_errors_appear_once_the_canary_reaches_30_percent()
    {
        var key = new RolloutKey("payments", "payments-gateway");   // seeded at 20 % with the PoolExhaustion scenario
        var at20 = await Read(key);
        Assert.Equal(20, Json.Int(Rollout(key)["status"]!["canary"]!["weights"]!["canary"]!["weight"]));
        Assert.True(at20.Canary.Pool!.Idle > 0, "the canary pool still has idle connections at 20 %");
        Assert.True(at20.Canary.ErrorRate - at20.Stable.ErrorRate < 0.005);
        Assert.Equal(Verdict.Proceed, WeightEngine.Evaluate(at20.ToEngineInputs(), EngineParameters.Default).Verdict);

        AdvanceToRung(key, 5);   // step 10: setWeight 35 (the seed's 30 % cliff is crossed)
        var at35 = await Read(key);
        Assert.Equal(0, at35.Canary.Pool!.Idle);
        Assert.Equal(at35.Canary.Pool.Max, at35.Canary.Pool.Open);
        Assert.True(at35.Canary.ErrorRate - at35.Stable.ErrorRate > 0.05, $"canary error rate {at35.Canary.ErrorRate}");
        Assert.Equal(Verdict.Breach, WeightEngine.Evaluate(at35.ToEngineInputs(), EngineParameters.Default).Verdict);
    }

    [Fact]
    public void The_pool_model_is_exhausted_from_30_percent_and_not_at_25()
    {
        var workload = new SimulatedWorkload(seed: 1);
        var key = new RolloutKey("a", "b");
        double CanaryErrors(double weight) =>
            workload.Sample(key, TrafficScenario.PoolExhaustion, new TrafficShape(weight, 2, 5, null), _clock.GetUtcNow()).Canary.ErrorRate!.Value;
        Assert.True(CanaryErrors(25) < 0.004);
        Assert.True(CanaryErrors(30) > 0.04);
    }

    [Fact]
    public async Task Stable_pool_gauges_follow_the_seed_of_100_open_and_20_idle_per_pod()
    {
        var key = new RolloutKey("storefront", "checkout-web");   // 10 replicas, traffic routing: stable stays at 10 pods
        var reading = await Read(key);
        Assert.Equal(new PoolGauges(1000, 200, 1000), reading.Stable.Pool);
        Assert.Equal(new PoolGauges(200, 40, 200), reading.Canary.Pool);   // ceil(10 × 20 %) = 2 canary pods
    }

    [Fact]
    public async Task A_healthy_canary_proceeds_and_its_traffic_share_follows_the_rollout_weight()
    {
        var key = new RolloutKey("storefront", "checkout-web");
        var at20 = await Read(key);
        Assert.Equal(Verdict.Proceed, WeightEngine.Evaluate(at20.ToEngineInputs(), EngineParameters.Default).Verdict);
        Assert.Equal(40, at20.Canary.RequestsPerSecond!.Value, 3);
        Assert.Equal(160, at20.Stable.RequestsPerSecond!.Value, 3);
        Assert.Equal(40 * 300, at20.Canary.Requests);

        AdvanceToRung(key, 6);   // 50 %
        var at50 = await Read(key);
        Assert.Equal(100, at50.Canary.RequestsPerSecond!.Value, 3);
        Assert.Empty(at50.Problems);
    }

    [Fact]
    public async Task The_slow_regression_breaches_the_latency_threshold_only_after_about_20_minutes()
    {
        var key = new RolloutKey("payments", "ledger-api");
        var early = WeightEngine.Evaluate((await Read(key)).ToEngineInputs(), EngineParameters.Default);
        Assert.Equal(Verdict.Proceed, early.Verdict);
        Assert.True(early.LatencyDelta < 0.1);

        _clock.Advance(TimeSpan.FromMinutes(30));
        var late = WeightEngine.Evaluate((await Read(key)).ToEngineInputs(), EngineParameters.Default);
        Assert.Equal(Verdict.Breach, late.Verdict);
        Assert.True(late.LatencyDelta > 0.2);
    }

    [Fact]
    public async Task No_traffic_gives_no_latency_no_error_rate_and_zero_requests()
    {
        var reading = await Read(new RolloutKey("storefront", "recommendations"));
        Assert.Null(reading.Canary.P99Seconds);
        Assert.Null(reading.Stable.ErrorRate);
        Assert.Equal(0, reading.Canary.Requests);
        Assert.NotEmpty(reading.Problems);
        Assert.Equal(Verdict.InsufficientData, WeightEngine.Evaluate(reading.ToEngineInputs(), EngineParameters.Default).Verdict);
    }

    [Fact]
    public async Task Aborted_and_promoted_rollouts_send_no_traffic_to_a_canary()
    {
        var aborted = await Read(new RolloutKey("payments", "fraud-scorer"));
        var promoted = await Read(new RolloutKey("storefront", "catalog-api"));
        Assert.Equal(0, aborted.Canary.Requests);
        Assert.Equal(0, promoted.Canary.Requests);
        Assert.Equal(200, promoted.Stable.RequestsPerSecond);
    }

    [Fact]
    public async Task Noisy_samples_are_deterministic_per_seed_and_instant_and_healthy_on_average()
    {
        var key = new RolloutKey("storefront", "checkout-web");
        Cluster.Workload.SetScenario(key, TrafficScenario.NoisyButHealthy);
        var first = await Read(key);
        var again = await Read(key);
        Assert.Equal(first.Canary, again.Canary);

        var other = new SimulatedWorkload(seed: 7).Sample(key, TrafficScenario.NoisyButHealthy, new TrafficShape(20, 2, 10, null), _clock.GetUtcNow());
        Assert.NotEqual(first.Canary.P99Seconds, other.Canary.P99Seconds);

        var deltas = new List<double>();
        var breaches = 0;
        for (var i = 0; i < 200; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            var result = WeightEngine.Evaluate((await Read(key)).ToEngineInputs(), EngineParameters.Default);
            deltas.Add(result.LatencyDelta!.Value);
            if (result.Verdict == Verdict.Breach) breaches++;
        }
        Assert.True(deltas.Distinct().Count() > 150, "samples vary from one 10-second bucket to the next");
        Assert.InRange(deltas.Average(), -0.03, 0.03);
        Assert.True(deltas.Max() - deltas.Min() > 0.1, "noisy means a wide spread");
        Assert.True(breaches < 20, $"{breaches} of 200 noisy samples breached");
    }

    [Fact]
    public async Task An_unknown_rollout_is_reported_not_thrown()
    {
        var key = new RolloutKey("nowhere", "ghost");
        var batch = await Source.ReadAsync([new MetricTarget(key, "ghost", "v2-canary", "v1-stable")], CancellationToken.None);
        Assert.True(batch.BackendAvailable);
        Assert.Contains("no rollout nowhere/ghost", Assert.Single(batch.Readings[key].Problems));
    }

    private async Task<MetricsReading> Read(RolloutKey key)
    {
        var batch = await Source.ReadAsync([new MetricTarget(key, key.Name, "v2-canary", "v1-stable")], CancellationToken.None);
        return batch.Readings[key];
    }

    private JsonObject Rollout(RolloutKey key) => Cluster.Store.Get(ResourceCatalog.Rollouts, key.Namespace, key.Name)!;

    /// <summary>The dashboard's "advance to rung k" patch on the status, then one reconcile.</summary>
    private void AdvanceToRung(RolloutKey key, int rung)
    {
        Cluster.Store.Update(ResourceCatalog.Rollouts, key.Namespace, key.Name, r =>
        {
            var patched = (JsonObject)MergePatch.Apply(r, JsonNode.Parse("{\"status\":{\"pauseConditions\":null,\"currentStepIndex\":" + rung * 2 + "}}"))!;
            return patched;
        });
        Cluster.Controller.ReconcileAll();
        Assert.Equal(ExampleRollouts.Ladder[rung],
            Json.Int(Rollout(key)["status"]!["canary"]!["weights"]!["canary"]!["weight"]));
    }
}

public sealed class ScenarioInjectionTests : SimulatedClusterTestBase
{
    [Fact]
    public async Task A_scenario_is_injected_at_run_time_over_http_and_by_annotation()
    {
        var key = new RolloutKey("shop", "web");
        Cluster.Store.Load(LadderRollout("shop", "web"));
        using var http = new HttpClient { BaseAddress = Cluster.BaseAddress };

        var put = await http.PutAsync("/simulation/scenarios/shop/web",
            new StringContent("""{"scenario":"poolexhaustion"}""", System.Text.Encoding.UTF8, "application/json"));
        put.EnsureSuccessStatusCode();
        Assert.Equal(TrafficScenario.PoolExhaustion, Cluster.Workload.ScenarioOf(key, null));
        Assert.Contains("\"shop/web\":\"PoolExhaustion\"", await http.GetStringAsync("/simulation/scenarios"));

        var bad = await http.PutAsync("/simulation/scenarios/shop/web", new StringContent("""{"scenario":"meteor"}"""));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);

        (await http.DeleteAsync("/simulation/scenarios/shop/web")).EnsureSuccessStatusCode();
        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new k8s.Models.V1Patch("""{"metadata":{"annotations":{"simulation.canary-dashboard.io/scenario":"NoTraffic"}}}""",
                k8s.Models.V1Patch.PatchType.MergePatch), Group, Version, "shop", Rollouts, "web");
        var batch = await new SimulatedMetricsSource(Cluster).ReadAsync([new MetricTarget(key, "web", "c", "s")], CancellationToken.None);
        Assert.Equal(0, batch.Readings[key].Stable.Requests);
    }
}
