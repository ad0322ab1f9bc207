using System.Globalization;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Tests.PrometheusTesting;
using Xunit.Abstractions;

namespace CanaryDashboard.Tests.RealPrometheus;

/// <summary>
/// The evidence's counts through real PromQL over the workload's counters. Tolerances: requests ±8 %
/// of rate × window over at least 30 s, because each end of the window is the last scrape before a
/// read (up to a scrape interval, 1 s, plus the scrape's own latency, earlier than the read), so the
/// counted span differs from the reads' span by ≲ 1.5 s of 30; error share ±0.3 pp (the workload fails
/// exactly its error rate's share of requests, spread evenly: ±1 error at each end of ~3,000 requests).
/// </summary>
[Collection(RealPrometheusCollection.Name)]
public sealed class PrometheusCountsTests(PrometheusWorkloadFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan MinimumWindow = TimeSpan.FromSeconds(30);
    private PrometheusSourceFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await fixture.WaitForFullWindowAsync();
        _factory = new PrometheusSourceFactory(fixture.DashboardOptions());
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Counts_since_the_window_start_grow_at_the_workloads_rate_with_its_error_share()
    {
        var scenario = Scenarios.Mild;
        var target = _factory.Resolver.Resolve(new RolloutKey(Scenarios.Namespace, scenario.Job)) with { WindowStart = DateTimeOffset.UtcNow };

        var first = await ReadAsync(target);
        Assert.Equal(0, first.Counts!.Canary.Requests);
        var since = first.CountsSince!.Value;

        // A condition, not a sleep: Prometheus has scraped the workload a whole window after the first read.
        await fixture.Prometheus.WaitForScrapesAsync(since + MinimumWindow, MinimumWindow + TimeSpan.FromSeconds(120));
        var later = await ReadAsync(target);

        var counts = later.Counts!;
        Assert.Equal(since, later.CountsSince);
        var window = counts.Window!.Value;
        Assert.True(window >= MinimumWindow, $"window {window}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"over {window.TotalSeconds:0.###} s: canary {counts.Canary.Requests} requests, {counts.Canary.Errors} errors; " +
            $"stable {counts.Stable.Requests} requests, {counts.Stable.Errors} errors; canary histogram total {counts.Canary.Latency?.Total}"));

        var expected = scenario.Canary.RequestsPerSecond * window.TotalSeconds;
        Assert.InRange(counts.Canary.Requests, expected * 0.92, expected * 1.08);
        Assert.InRange(counts.Stable.Requests, expected * 0.92, expected * 1.08);
        Assert.Equal(Math.Round(counts.Canary.Requests), counts.Canary.Requests); // exact counts, no extrapolation
        Assert.InRange(counts.Canary.Errors / counts.Canary.Requests, scenario.Canary.ErrorRate - 0.003, scenario.Canary.ErrorRate + 0.003);
        Assert.InRange(counts.Stable.Errors / counts.Stable.Requests, scenario.Stable.ErrorRate - 0.003, scenario.Stable.ErrorRate + 0.003);
        Assert.InRange(counts.Canary.Latency!.Total, counts.Canary.Requests * 0.99, counts.Canary.Requests * 1.01);
        Assert.DoesNotContain(later.Problems, p => p.Contains("count", StringComparison.Ordinal));
    }

    private async Task<MetricsReading> ReadAsync(MetricTarget target)
    {
        var batch = await _factory.Source.ReadAsync([target], CancellationToken.None);
        Assert.True(batch.BackendAvailable, batch.Error);
        return batch.Readings[target.Rollout];
    }
}
