using System.Net;
using System.Text.Json;
using CanaryDashboard.Engine;
using CanaryDashboard.Tests.PrometheusTesting;

namespace CanaryDashboard.Tests.Api;

/// <summary>
/// On a fresh machine (simulated cluster, simulated metrics) <c>/analyze</c> knows the rollouts
/// the watch sees and answers from the simulated workload, without any Prometheus.
/// </summary>
public sealed class AnalyzeInSimulatedModeTests : IAsyncLifetime
{
    private readonly AnalyzeAppFactory _app = new(new Dictionary<string, string?>
    {
        ["Metrics:Source"] = "Auto",
        ["Prometheus:BaseUrl"] = "http://127.0.0.1:9",   // nothing listens: proves Prometheus is not asked
        ["Polling:Enabled"] = "false",
        // Evidence since the rung's entry (the seeding, at start): 26 s at the app's 1000 req/s for a healthy canary
        // at 20 %, 26 ms at 1,000,000 (Simulation README), less than the cluster takes to sync.
        ["Simulation:RequestsPerSecond"] = "1000000",
    });
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _app.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var cluster = JsonDocument.Parse(await _client.GetStringAsync("/api/cluster"));
            if (cluster.RootElement.GetProperty("synced").GetBoolean() && cluster.RootElement.GetProperty("rollouts").GetInt32() > 0)
                return;
            Assert.True(DateTime.UtcNow < deadline, "the simulated cluster never synced");
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_healthy_seeded_canary_proceeds_with_the_engine_weight_for_its_deltas()
    {
        using var response = await _client.GetAsync("/analyze?namespace=storefront&rollout=checkout-web");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"verdict\":\"within\"", body);   // only evidence decides: within both thresholds since the rung's entry
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("proceed", root.GetProperty("status").GetString());
        var expected = WeightEngine.EvaluateDeltas(
            root.GetProperty("latencyDelta").GetDouble(), root.GetProperty("errorDelta").GetDouble(), EngineParameters.Default);
        Assert.Equal(expected.Weight, root.GetProperty("weight").GetDouble());
        Assert.True(root.GetProperty("weight").GetDouble() > 0, body);
    }

    [Fact]
    public async Task A_rollout_the_cluster_does_not_have_is_unknown_naming_it_without_a_verdict()
    {
        using var response = await _client.GetAsync("/analyze?namespace=storefront&rollout=no-such-app");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);   // Inconclusive for Argo: pause, not abort
        Assert.Contains("\"status\":\"unknown-rollout\"", body);
        Assert.Contains("no rollout storefront/no-such-app in the cluster", body);
    }
}
