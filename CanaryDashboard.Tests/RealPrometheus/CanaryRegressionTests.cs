using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CanaryDashboard.Tests.PrometheusTesting;
using CanaryDashboard.Workload;

namespace CanaryDashboard.Tests.RealPrometheus;

/// <summary>
/// The product's story end to end: a healthy canary proceeds at full weight, then regresses while it
/// runs (set through the workload's control endpoint) and <c>/analyze</c> turns it into a breach.
/// Its own workload and Prometheus, so it runs alongside the shared collection.
/// </summary>
public sealed class CanaryRegressionTests : IAsyncLifetime
{
    private static readonly VersionProfile Healthy = new(100, 0.05, 0.15, 0.005);
    private WorkloadHost _workload = null!;
    private PrometheusServer _prometheus = null!;
    private AnalyzeAppFactory _app = null!;
    private HttpClient _analyze = null!;
    private HttpClient _control = null!;

    public async Task InitializeAsync()
    {
        _workload = await WorkloadHost.StartAsync();
        _control = new HttpClient { BaseAddress = _workload.BaseAddress };
        (await _control.PutAsJsonAsync("/control/jobs", new JobProfile("cart", Healthy, Healthy))).EnsureSuccessStatusCode();
        _prometheus = await PrometheusServer.StartAsync([_workload.BaseAddress], "prometheus-regression");
        await _prometheus.WaitForTargetsUpAsync(TimeSpan.FromSeconds(90));
        _app = new AnalyzeAppFactory(Scenarios.DashboardSettings(_prometheus.BaseAddress));
        _analyze = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _analyze.Dispose();
        _control.Dispose();
        await _app.DisposeAsync();
        await _prometheus.DisposeAsync();
        await _workload.DisposeAsync();
    }

    [Fact]
    public async Task A_canary_that_regresses_while_running_goes_from_proceed_to_breach()
    {
        var healthy = await WaitForStatusAsync("proceed");
        Assert.True(healthy.GetProperty("weight").GetDouble() >= 90, healthy.ToString());

        // +60 ms on the canary from now on
        (await _control.PutAsJsonAsync("/control/jobs", new JobProfile("cart", Healthy, Healthy with { LatencyMinSeconds = 0.11, LatencyMaxSeconds = 0.21 })))
            .EnsureSuccessStatusCode();
        var changedAt = DateTimeOffset.UtcNow;

        var breach = await WaitForStatusAsync("breach");
        Assert.Equal(0, breach.GetProperty("weight").GetDouble());

        // once the window holds only the regressed traffic, the delta is the injected one
        await _prometheus.WaitForScrapesAsync(changedAt + PrometheusWorkloadFixture.Window + TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(150));
        var settled = await WaitForStatusAsync("breach");
        Assert.Equal(0.06 / 0.149, settled.GetProperty("latencyDelta").GetDouble(), 0.01);
    }

    private async Task<JsonElement> WaitForStatusAsync(string status)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(150))
        {
            using var response = await _analyze.GetAsync("/analyze?namespace=shop&rollout=cart");
            last = await response.Content.ReadAsStringAsync();
            var body = JsonDocument.Parse(last).RootElement.Clone();
            if (body.GetProperty("status").GetString() == status)
                return body;
            await Task.Delay(500);
        }
        Assert.Fail($"/analyze never answered {status}; last answer: {last}");
        return default;
    }
}
