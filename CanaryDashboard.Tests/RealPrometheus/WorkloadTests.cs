using System.Net;
using System.Net.Http.Json;
using CanaryDashboard.Workload;

namespace CanaryDashboard.Tests.RealPrometheus;

/// <summary>The workload itself: control endpoint, pre-created series, a served request and its metrics.</summary>
public sealed class WorkloadTests : IAsyncLifetime
{
    private WorkloadHost _workload = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _workload = await WorkloadHost.StartAsync();
        _http = new HttpClient { BaseAddress = _workload.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _workload.DisposeAsync();
    }

    [Fact]
    public async Task It_binds_loopback_only()
    {
        Assert.Equal("127.0.0.1", _workload.BaseAddress.Host);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task A_configured_service_exports_zeroed_series_before_any_request()
    {
        var idle = new VersionProfile(0, 0.05, 0.15, 0);
        (await _http.PutAsJsonAsync("/control/jobs", new JobProfile("idle", idle, idle))).EnsureSuccessStatusCode();

        var metrics = await _http.GetStringAsync("/metrics");

        Assert.Contains("http_requests_total{job=\"idle\",version=\"v2-canary\",status=\"500\"} 0", metrics);
        Assert.Contains("http_requests_total{job=\"idle\",version=\"v1-stable\",status=\"200\"} 0", metrics);
        Assert.Contains("http_request_duration_seconds_bucket{job=\"idle\",version=\"v2-canary\",le=\"0.15\"} 0", metrics);
    }

    [Fact]
    public async Task A_served_request_takes_its_service_time_fails_as_set_at_run_time_and_is_counted()
    {
        // No internal load (0 req/s): only the requests this test sends are counted.
        var ok = new VersionProfile(0, 0.02, 0.03, 0);
        (await _http.PutAsJsonAsync("/control/jobs", new JobProfile("served", ok, ok))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/work/served/v2-canary")).StatusCode);

        // the canary starts failing every request
        (await _http.PutAsJsonAsync("/control/jobs", new JobProfile("served", ok, ok with { ErrorRate = 1 }))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.InternalServerError, (await _http.GetAsync("/work/served/v2-canary")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/work/served/v1-stable")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/work/served/v3-other")).StatusCode);

        var metrics = await _http.GetStringAsync("/metrics");
        Assert.Contains("http_requests_total{job=\"served\",version=\"v2-canary\",status=\"200\"} 1", metrics);
        Assert.Contains("http_requests_total{job=\"served\",version=\"v2-canary\",status=\"500\"} 1", metrics);
        Assert.Contains("http_request_duration_seconds_count{job=\"served\",version=\"v2-canary\"} 2", metrics);
        // every service time lies in [20 ms, 30 ms]: none at or below 20 ms, all at or below 30 ms
        Assert.Contains("http_request_duration_seconds_bucket{job=\"served\",version=\"v2-canary\",le=\"0.02\"} 0", metrics);
        Assert.Contains("http_request_duration_seconds_bucket{job=\"served\",version=\"v2-canary\",le=\"0.03\"} 2", metrics);
    }

    [Fact]
    public async Task The_internal_load_serves_the_versions_that_get_traffic_and_no_other()
    {
        var profile = new JobProfile("loaded", new VersionProfile(200, 0.05, 0.15, 0), new VersionProfile(0, 0.05, 0.15, 0));
        _workload.Configure(profile);

        // a condition, not a fixed sleep: wait until the stable version has served some requests
        var stable = _workload.Metrics.Requests.WithLabels("loaded", "v1-stable", "200");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (stable.Value < 50 && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.True(stable.Value >= 50, $"stable served {stable.Value}");
        Assert.Equal(0, _workload.Metrics.Requests.WithLabels("loaded", "v2-canary", "200").Value);
    }
}
