using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CanaryDashboard.Tests.PrometheusTesting;

namespace CanaryDashboard.Tests.RealPrometheus;

/// <summary>
/// <c>/analyze</c> when Prometheus goes away: its own Prometheus instance (the collection's keeps
/// running for the other tests), stopped mid-test.
/// </summary>
[Collection(RealPrometheusCollection.Name)]
public sealed class PrometheusOutageTests(PrometheusWorkloadFixture fixture)
{
    [Fact]
    public async Task Analyze_answers_503_once_Prometheus_is_stopped()
    {
        await using var prometheus = await PrometheusServer.StartAsync([fixture.Workload.BaseAddress], "prometheus-outage");
        await prometheus.WaitForTargetsUpAsync(TimeSpan.FromSeconds(90));
        await using var app = new AnalyzeAppFactory(Scenarios.DashboardSettings(prometheus.BaseAddress));
        using var http = app.CreateClient();

        // While it runs, the rollout is known and answered (the window is still filling: any 200 will do).
        var before = await WaitForAsync(http, "namespace=shop&rollout=checkout", HttpStatusCode.OK);
        Assert.Contains(before.GetProperty("status").GetString(), new[] { "proceed", "insufficient-data", "breach" });

        await prometheus.StopAsync();

        using var response = await http.GetAsync("/analyze?namespace=shop&rollout=checkout");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("unavailable", body.GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("weight").GetDouble());
        Assert.Contains("unreachable", body.GetProperty("reason").GetString());

        // a configured rollout skips the existence query and fails on the metrics read instead: still 503
        using var configured = await http.GetAsync("/analyze?namespace=shop&rollout=catalog");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, configured.StatusCode);
        Assert.Contains("metrics backend unavailable", await configured.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient http, string query, HttpStatusCode expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync("/analyze?" + query);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == expected)
                return JsonDocument.Parse(text).RootElement.Clone();
            if (clock.Elapsed > TimeSpan.FromSeconds(90))
                Assert.Fail($"/analyze?{query} still answers {(int)response.StatusCode}: {text}");
            await Task.Delay(500);
        }
    }
}
