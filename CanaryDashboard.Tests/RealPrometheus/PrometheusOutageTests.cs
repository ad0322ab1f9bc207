using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CanaryDashboard.Simulation.Analysis;
using CanaryDashboard.Tests.AnalyzeContract;
using CanaryDashboard.Tests.PrometheusTesting;

namespace CanaryDashboard.Tests.RealPrometheus;

/// <summary>
/// <c>/analyze</c> when Prometheus goes away: its own Prometheus instance (the collection's keeps
/// running for the other tests), stopped mid-test: a 200 without a verdict, Inconclusive for Argo.
/// </summary>
[Collection(RealPrometheusCollection.Name)]
public sealed class PrometheusOutageTests(PrometheusWorkloadFixture fixture)
{
    [Fact]
    public async Task Analyze_answers_unavailable_without_a_verdict_once_Prometheus_is_stopped()
    {
        await using var prometheus = await PrometheusServer.StartAsync([fixture.Workload.BaseAddress], "prometheus-outage");
        await prometheus.WaitForTargetsUpAsync(TimeSpan.FromSeconds(90));
        await using var app = new AnalyzeAppFactory(Scenarios.DashboardSettings(prometheus.BaseAddress));
        using var http = app.CreateClient();

        // While it runs, the rollout is known and answered (the window is still filling: any verdict or insufficient data will do).
        var before = await WaitForAsync(http, "namespace=shop&rollout=checkout", s => s is "proceed" or "insufficient-data" or "breach");
        Assert.Contains(before.GetProperty("status").GetString(), new[] { "proceed", "insufficient-data", "breach" });

        await prometheus.StopAsync();

        using var response = await http.GetAsync("/analyze?namespace=shop&rollout=checkout");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);   // Argo: Inconclusive (pause), not an Error (abort after five)
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("unavailable", body.GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("weight").GetDouble());
        Assert.Contains("unreachable", body.GetProperty("reason").GetString());

        // a configured rollout skips the existence query and fails on the metrics read instead: the same answer
        using var configured = await http.GetAsync("/analyze?namespace=shop&rollout=catalog");
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
        var configuredBody = await configured.Content.ReadAsStringAsync();
        Assert.Contains("\"status\":\"unavailable\"", configuredBody);
        Assert.Contains("metrics backend unavailable", configuredBody);

        // and the simulated Argo, with the shipped template, pauses the rollout
        using var argo = new ArgoAnalysisOfApp(app.Server.CreateHandler(), ShippedAnalysisTemplate.Run("shop", "checkout"));
        Assert.Equal(AnalysisPhase.Inconclusive, (await argo.MeasureAsync()).Phase);
        Assert.Equal(AnalysisPhase.Inconclusive, argo.Phase);
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient http, string query, Func<string?, bool> status)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync("/analyze?" + query);
            var text = await response.Content.ReadAsStringAsync();
            var body = JsonDocument.Parse(text).RootElement.Clone();
            if (status(body.GetProperty("status").GetString()))
                return body;
            if (clock.Elapsed > TimeSpan.FromSeconds(90))
                Assert.Fail($"/analyze?{query} still answers {(int)response.StatusCode}: {text}");
            await Task.Delay(500);
        }
    }
}
