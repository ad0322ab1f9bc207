using System.Net;
using CanaryDashboard.Engine;
using CanaryDashboard.Live;
using CanaryDashboard.Model;
using CanaryDashboard.Observability;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static CanaryDashboard.Tests.Live.LiveTestData;

namespace CanaryDashboard.Tests.Live;

/// <summary>
/// The real app's <c>/metrics</c>: what the live store holds shows up as the per-rollout gauges
/// (the seed's recording rules, with the engine's numbers), and goes away with the rollout.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "metrics-endpoint-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataPath"] = Path.Combine(_folder, "data"),
                ["Polling:Enabled"] = "false",   // the test publishes and writes itself; the control loop would add the seeded rollouts
            })));
        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync()
    {
        using var client = _app.CreateClient();
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private static double? Gauge(IReadOnlyList<PrometheusSample> samples, string name, RolloutKey key) =>
        samples.SingleOrDefault(s => s.Name == name && s.Labels.GetValueOrDefault("namespace") == key.Namespace
                                                    && s.Labels.GetValueOrDefault("rollout") == key.Name)?.Value;

    [Fact]
    public async Task Metrics_shows_each_rollouts_gauges_with_the_engines_values_after_a_publish_and_drops_them_when_it_disappears()
    {
        var store = _app.Services.GetRequiredService<LiveRolloutStore>();
        var now = DateTimeOffset.UtcNow;
        var healthy = State(new RolloutKey("shop", "checkout"), Sample(now, canaryP99: 0.108, stableP99: 0.100, canaryErrors: 0.002, stableErrors: 0.001), actualWeight: 35);
        var breach = State(new RolloutKey("pay", "ledger"), Sample(now, canaryP99: 0.150, stableP99: 0.100), actualWeight: 10);
        var idle = State(new RolloutKey("shop", "search"), null, actualWeight: 0);
        Assert.Equal(Verdict.Proceed, healthy.Latest!.Verdict);
        Assert.Equal(Verdict.Breach, breach.Latest!.Verdict);

        var before = await ScrapeAsync();
        Assert.Null(Gauge(before, "canary_safe_weight", healthy.Key));

        store.Publish([healthy, breach, idle]);
        var after = await ScrapeAsync();

        Assert.Equal(healthy.Latest.Engine.SafeWeight, Gauge(after, "canary_safe_weight", healthy.Key));
        Assert.InRange(healthy.Latest.Engine.SafeWeight, 5.1, 99.9);                 // a real interpolated weight, not a floor or cap
        Assert.Equal(healthy.Latest.LatencyDelta!.Value, Gauge(after, "canary_latency_delta", healthy.Key)!.Value, 12);
        Assert.Equal(0.08, Gauge(after, "canary_latency_delta", healthy.Key)!.Value, 9);
        Assert.Equal(0.001, Gauge(after, "canary_error_delta", healthy.Key)!.Value, 9);
        Assert.Equal(35, Gauge(after, "canary_actual_weight", healthy.Key));

        Assert.Equal(0, Gauge(after, "canary_safe_weight", breach.Key));            // a breach: the engine says 0
        Assert.Equal(0.5, Gauge(after, "canary_latency_delta", breach.Key)!.Value, 9);
        Assert.Equal(10, Gauge(after, "canary_actual_weight", breach.Key));

        Assert.Null(Gauge(after, "canary_safe_weight", idle.Key));                  // no sample: no made-up value
        Assert.Null(Gauge(after, "canary_latency_delta", idle.Key));
        Assert.Equal(0, Gauge(after, "canary_actual_weight", idle.Key));

        store.Publish([breach]);                                                     // checkout and search are gone
        var later = await ScrapeAsync();
        Assert.DoesNotContain(later, s => s.Name.StartsWith("canary_", StringComparison.Ordinal) && s.Labels.GetValueOrDefault("rollout") is "checkout" or "search");
        Assert.Equal(0.5, Gauge(later, "canary_latency_delta", breach.Key)!.Value, 9);
    }

    [Fact]
    public async Task Metrics_counts_poll_cycles_queries_decisions_and_actions_and_shows_the_live_subscribers()
    {
        var metrics = _app.Services.GetRequiredService<DashboardMetrics>();
        var store = _app.Services.GetRequiredService<LiveRolloutStore>();

        var fresh = await ScrapeAsync();
        Assert.All(Enum.GetNames<Verdict>(), verdict =>
            Assert.Equal(0, fresh.Single(s => s.Name == "canary_dashboard_decisions_total" && s.Labels["verdict"] == verdict).Value));

        metrics.ObservePollCycle(TimeSpan.FromMilliseconds(40));
        metrics.ObservePollCycle(TimeSpan.FromMilliseconds(900));
        metrics.ObserveQuery("p99", TimeSpan.FromMilliseconds(12));
        metrics.CountQueryError("timeout");
        metrics.CountQueryError("timeout");
        metrics.CountDecision(Verdict.Breach);
        metrics.CountAction("abort", "sent");
        using var page = store.SubscribeAll(() => Task.CompletedTask);

        var samples = await ScrapeAsync();
        Assert.Equal(2, samples.Single(s => s.Name == "canary_dashboard_poll_cycle_duration_seconds_count").Value);
        Assert.Equal(0.94, samples.Single(s => s.Name == "canary_dashboard_poll_cycle_duration_seconds_sum").Value, 9);
        Assert.Equal(1, samples.Single(s => s.Name == "canary_dashboard_poll_cycle_duration_seconds_bucket" && s.Labels["le"] == "0.04").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "canary_dashboard_promql_query_duration_seconds_count" && s.Labels["metric"] == "p99").Value);
        Assert.Equal(2, samples.Single(s => s.Name == "canary_dashboard_promql_query_errors_total" && s.Labels["reason"] == "timeout").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "canary_dashboard_decisions_total" && s.Labels["verdict"] == "Breach").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "canary_dashboard_actions_total" && s.Labels["action"] == "abort" && s.Labels["outcome"] == "sent").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "canary_dashboard_live_subscribers").Value);
        Assert.Contains(samples, s => s.Name == "process_cpu_seconds_total");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* absent, or a file is still held */ }
    }
}
