using System.Globalization;
using CanaryDashboard.Engine;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Tests.PrometheusTesting;
using CanaryDashboard.Workload;
using Xunit.Abstractions;

namespace CanaryDashboard.Tests.RealPrometheus;

/// <summary>
/// The metrics source against a real Prometheus scraping the workload. Tolerances (absolute):
/// p99 ±1.5 ms and latency delta ±0.01: the expected p99 is exact under linear interpolation
/// (see <see cref="Scenarios"/>); what remains is the golden-ratio sequence's unevenness over the
/// ~1,900 requests of a window (≲0.3 % of the cumulative count, ≲0.3 ms at p99) and window edges
/// cutting a 100 ms tick. Error rate ±0.2 pp: about 30 errors per window at 1.5 %, ±1 error at each
/// window edge is ±0.05 pp; rate()'s extrapolation is shared by the 200 and 500 series of one scrape.
/// Request count ±25 % of rate × window and rate ±20 %: these only prove the wiring; the load loop
/// catches up after late ticks, but a stall of a few seconds on a loaded machine near the window's
/// end moves requests out of it (p99 and error ratio, being ratios, do not care).
/// </summary>
[Collection(RealPrometheusCollection.Name)]
public sealed class PrometheusDeltaTests(PrometheusWorkloadFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const double P99Tolerance = 0.0015;
    private const double LatencyDeltaTolerance = 0.01;
    private const double ErrorRateTolerance = 0.002;
    private const double ErrorDeltaTolerance = 0.003;

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

    private MetricTarget Target(JobProfile scenario) =>
        _factory.Resolver.Resolve(new RolloutKey(Scenarios.Namespace, scenario == Scenarios.Override ? Scenarios.OverrideRollout : scenario.Job));

    [Fact]
    public async Task One_batch_reads_every_rollout_with_one_query_per_metric()
    {
        var targets = Scenarios.All.Select(Target).ToList();

        var batch = await _factory.Source.ReadAsync(targets, CancellationToken.None);

        Assert.True(batch.BackendAvailable, batch.Error);
        Assert.Empty(batch.FailedQueries);
        Assert.Equal(targets.Select(t => t.Rollout.ToString()).Order(), batch.Readings.Keys.Select(k => k.ToString()).Order());
        var queries = _factory.Recorder.Requests.ToList();
        Assert.Equal(4, queries.Count);
        Assert.All(queries, q => Assert.Equal("/api/v1/query", q.Path));
        // every rollout's job and every version in play are in each query's selector
        Assert.All(queries, q => Assert.All(Scenarios.All, s => Assert.Contains(s.Job, q.Body)));
        Assert.All(queries, q => Assert.Contains("blue", q.Body));
    }

    [Theory]
    [InlineData("checkout")]
    [InlineData("payments")]
    [InlineData("orders")]
    [InlineData("catalog-svc")]
    public async Task Deltas_read_through_real_PromQL_match_the_injected_latency_and_errors(string job)
    {
        var scenario = Scenarios.All.Single(s => s.Job == job);
        var target = Target(scenario);

        var batch = await _factory.Source.ReadAsync([target], CancellationToken.None);

        var reading = batch.Readings[target.Rollout];
        Assert.Empty(reading.Problems);
        var result = WeightEngine.Evaluate(reading.ToEngineInputs(), EngineParameters.Default);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{job}: p99 canary {reading.Canary.P99Seconds:0.#####} (expected {Scenarios.P99(scenario.Canary):0.#####}), " +
            $"stable {reading.Stable.P99Seconds:0.#####} (expected {Scenarios.P99(scenario.Stable):0.#####}); " +
            $"latency delta {result.LatencyDelta:0.#####} (injected {Scenarios.LatencyDelta(scenario):0.#####}); " +
            $"errors canary {reading.Canary.ErrorRate:0.#####} stable {reading.Stable.ErrorRate:0.#####}, " +
            $"delta {result.ErrorDelta:0.#####} (injected {Scenarios.ErrorDelta(scenario):0.#####}); " +
            $"requests {reading.Canary.Requests:0.#}/{reading.Stable.Requests:0.#}, rate {reading.Canary.RequestsPerSecond:0.##}/{reading.Stable.RequestsPerSecond:0.##}"));

        Assert.InRange(reading.Canary.P99Seconds!.Value, Scenarios.P99(scenario.Canary) - P99Tolerance, Scenarios.P99(scenario.Canary) + P99Tolerance);
        Assert.InRange(reading.Stable.P99Seconds!.Value, Scenarios.P99(scenario.Stable) - P99Tolerance, Scenarios.P99(scenario.Stable) + P99Tolerance);
        Assert.InRange(result.LatencyDelta!.Value, Scenarios.LatencyDelta(scenario) - LatencyDeltaTolerance, Scenarios.LatencyDelta(scenario) + LatencyDeltaTolerance);
        Assert.InRange(reading.Canary.ErrorRate!.Value, scenario.Canary.ErrorRate - ErrorRateTolerance, scenario.Canary.ErrorRate + ErrorRateTolerance);
        Assert.InRange(reading.Stable.ErrorRate!.Value, scenario.Stable.ErrorRate - ErrorRateTolerance, scenario.Stable.ErrorRate + ErrorRateTolerance);
        Assert.InRange(result.ErrorDelta!.Value, Scenarios.ErrorDelta(scenario) - ErrorDeltaTolerance, Scenarios.ErrorDelta(scenario) + ErrorDeltaTolerance);
        var expectedRequests = scenario.Canary.RequestsPerSecond * PrometheusWorkloadFixture.Window.TotalSeconds;
        Assert.InRange(reading.Canary.Requests!.Value, expectedRequests * 0.75, expectedRequests * 1.25);
        Assert.InRange(reading.Stable.Requests!.Value, expectedRequests * 0.75, expectedRequests * 1.25);
        Assert.InRange(reading.Canary.RequestsPerSecond!.Value, scenario.Canary.RequestsPerSecond * 0.8, scenario.Canary.RequestsPerSecond * 1.2);
    }

    [Fact]
    public async Task A_canary_without_traffic_reads_as_missing_with_the_reason()
    {
        var target = Target(Scenarios.NoCanaryTraffic);

        var batch = await _factory.Source.ReadAsync([target], CancellationToken.None);

        var reading = batch.Readings[target.Rollout];
        Assert.Null(reading.Canary.P99Seconds);
        Assert.Null(reading.Canary.ErrorRate);
        Assert.Equal(0, reading.Canary.Requests);
        Assert.NotNull(reading.Stable.P99Seconds);
        Assert.Contains(reading.Problems, p => p.StartsWith("canary p99: NaN", StringComparison.Ordinal));
        Assert.Contains(reading.Problems, p => p.StartsWith("canary error rate: NaN", StringComparison.Ordinal));
        Assert.Equal(Verdict.InsufficientData, WeightEngine.Evaluate(reading.ToEngineInputs(), EngineParameters.Default).Verdict);
    }

    [Fact]
    public async Task A_service_that_never_exported_a_5xx_series_reads_zero_errors_not_missing()
    {
        var target = Target(Scenarios.Override);
        Assert.Equal(("catalog-svc", "green", "blue"), (target.Job, target.CanaryVersion, target.StableVersion));

        var batch = await _factory.Source.ReadAsync([target], CancellationToken.None);

        var reading = batch.Readings[target.Rollout];
        Assert.Equal(0, reading.Canary.ErrorRate);
        Assert.Equal(0, reading.Stable.ErrorRate);
    }

    [Fact]
    public async Task A_range_query_returns_the_history_of_a_rollout()
    {
        var end = DateTimeOffset.UtcNow;
        var result = await _factory.Client.QueryRangeAsync(
            "sum by (job, version) (rate(http_requests_total{job=\"checkout\"}[10s]))", end.AddSeconds(-20), end, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("matrix", result.ResultType);
        Assert.Equal(["v1-stable", "v2-canary"], result.Matrix.Select(s => s.Labels["version"]).Order());
        Assert.All(result.Matrix, series =>
        {
            Assert.True(series.Points.Count >= 15, $"{series.Points.Count} points");
            Assert.All(series.Points.TakeLast(5), p => Assert.InRange(p.Value, 50, 150)); // 100 req/s, loosely: this proves the wiring
        });
    }

    [Fact]
    public async Task The_directory_knows_a_rollout_by_its_series_and_not_one_without()
    {
        var known = await _factory.Directory.LookUpAsync(new RolloutKey(Scenarios.Namespace, Scenarios.NoCanaryTraffic.Job), CancellationToken.None);
        var unknown = await _factory.Directory.LookUpAsync(new RolloutKey(Scenarios.Namespace, "no-such-service"), CancellationToken.None);

        Assert.Equal(Analyze.RolloutPresence.Known, known.Presence);
        Assert.Equal(Analyze.RolloutPresence.Unknown, unknown.Presence);
        Assert.Contains("no-such-service", unknown.Detail);
    }
}
