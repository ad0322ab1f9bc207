using CanaryDashboard.Configuration;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Prometheus;
using CanaryDashboard.Tests.PrometheusTesting;
using static CanaryDashboard.Tests.PrometheusTesting.CannedPrometheus;

namespace CanaryDashboard.Tests.MetricsSource;

/// <summary>
/// The metrics source against every bad answer Prometheus (or what stands in front of it) can give,
/// served by a loopback stub: the batch says what is missing and why, and never throws.
/// </summary>
public sealed class PrometheusAnswerTests : IAsyncLifetime
{
    private static readonly MetricTarget Checkout = new(new RolloutKey("shop", "checkout"), "checkout", "v2-canary", "v1-stable");
    private static readonly MetricTarget Catalog = new(new RolloutKey("shop", "catalog"), "catalog-svc", "green", "blue");

    private CannedPrometheus _stub = null!;
    private PrometheusSourceFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _stub = await CannedPrometheus.StartAsync();
        _factory = new PrometheusSourceFactory(new CanaryDashboardOptions
        {
            Prometheus = new PrometheusOptions { BaseUrl = _stub.BaseAddress.ToString(), Timeout = TimeSpan.FromSeconds(30) },
        });
    }

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _stub.DisposeAsync();
    }

    private static BatchMetric MetricOf(string query) =>
        query.StartsWith("histogram_quantile", StringComparison.Ordinal) ? BatchMetric.P99
        : query.Contains("5..", StringComparison.Ordinal) ? BatchMetric.ErrorRatio
        : query.Contains("increase(", StringComparison.Ordinal) ? BatchMetric.Requests
        : BatchMetric.RequestRate;

    /// <summary>A healthy answer for both targets, with per-metric values that tell metrics and versions apart.</summary>
    private static CannedAnswer Healthy(string query) => MetricOf(query) switch
    {
        BatchMetric.P99 => new(200, Vector(("checkout", "v2-canary", "0.169"), ("checkout", "v1-stable", "0.149"), ("catalog-svc", "green", "0.2"), ("catalog-svc", "blue", "0.25"))),
        BatchMetric.ErrorRatio => new(200, Vector(("checkout", "v2-canary", "0.015"), ("checkout", "v1-stable", "0.005"), ("catalog-svc", "green", "0"), ("catalog-svc", "blue", "0"))),
        BatchMetric.RequestRate => new(200, Vector(("checkout", "v2-canary", "10"), ("checkout", "v1-stable", "90"), ("catalog-svc", "green", "1"), ("catalog-svc", "blue", "2"))),
        _ => new(200, Vector(("checkout", "v2-canary", "3000"), ("checkout", "v1-stable", "27000"), ("catalog-svc", "green", "300"), ("catalog-svc", "blue", "600"))),
    };

    private Task<MetricsBatch> ReadAsync(params MetricTarget[] targets) => _factory.Source.ReadAsync(targets, CancellationToken.None);

    [Fact]
    public async Task A_healthy_answer_maps_each_sample_to_its_rollout_and_version_with_four_queries_in_all()
    {
        _stub.Answer = Healthy;

        var batch = await ReadAsync(Checkout, Catalog);

        Assert.True(batch.BackendAvailable);
        Assert.Empty(batch.FailedQueries);
        Assert.Equal(4, _stub.Queries.Count);
        var checkout = batch.Readings[Checkout.Rollout];
        Assert.Empty(checkout.Problems);
        Assert.Equal(new VersionMetrics(0.169, 0.015, 10, 3000), checkout.Canary);
        Assert.Equal(new VersionMetrics(0.149, 0.005, 90, 27000), checkout.Stable);
        var catalog = batch.Readings[Catalog.Rollout];
        Assert.Equal(new VersionMetrics(0.2, 0, 1, 300), catalog.Canary);
        Assert.Equal(new VersionMetrics(0.25, 0, 2, 600), catalog.Stable);
        // one selector for both rollouts and all four versions
        Assert.All(_stub.Queries, q => Assert.Contains("job=~\"catalog-svc|checkout\",version=~\"blue|green|v1-stable|v2-canary\"", q));
        Assert.Contains(_stub.Queries, q => q.Contains("[5m]", StringComparison.Ordinal) && q.Contains("by (le, job, version)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_targets_send_no_query()
    {
        var batch = await ReadAsync();

        Assert.True(batch.BackendAvailable);
        Assert.Empty(batch.Readings);
        Assert.Empty(_stub.Queries);
    }

    [Fact]
    public async Task An_error_status_body_on_every_query_makes_the_backend_unavailable_with_the_reason()
    {
        _stub.Answer = _ => new(400, Error("bad_data", "invalid parameter \\\"query\\\": parse error"));

        var batch = await ReadAsync(Checkout);

        Assert.False(batch.BackendAvailable);
        Assert.Contains("Prometheus error bad_data (HTTP 400)", batch.Error);
        Assert.Contains("parse error", batch.Error);
        Assert.Equal(4, batch.FailedQueries.Count);
    }

    [Fact]
    public async Task One_failing_query_leaves_the_others_and_says_which_is_missing()
    {
        _stub.Answer = q => MetricOf(q) == BatchMetric.P99 ? new(422, Error("execution", "query timed out in expression evaluation")) : Healthy(q);

        var batch = await ReadAsync(Checkout);

        Assert.True(batch.BackendAvailable);
        Assert.Equal(["p99: Prometheus error execution (HTTP 422): query timed out in expression evaluation"], batch.FailedQueries);
        var reading = batch.Readings[Checkout.Rollout];
        Assert.Null(reading.Canary.P99Seconds);
        Assert.Equal(0.015, reading.Canary.ErrorRate);
        Assert.Contains(reading.Problems, p => p.StartsWith("p99 unavailable: Prometheus error execution", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Warnings_are_reported_and_the_values_still_used()
    {
        _stub.Answer = q => MetricOf(q) == BatchMetric.Requests
            ? new(200, Success("vector", """{"metric":{"job":"checkout","version":"v2-canary"},"value":[1,"3000"]},{"metric":{"job":"checkout","version":"v1-stable"},"value":[1,"27000"]}""",
                "PromQL info: metric might not be a counter"))
            : Healthy(q);

        var batch = await ReadAsync(Checkout);

        Assert.Equal(["request count: PromQL info: metric might not be a counter"], batch.Warnings);
        Assert.Equal(3000, batch.Readings[Checkout.Rollout].Canary.Requests);
    }

    [Theory]
    [InlineData("matrix", """{"metric":{"job":"checkout","version":"v2-canary"},"values":[[1,"0.1"]]}""")]
    [InlineData("scalar", """1700000000,"0.1" """)]
    [InlineData("string", """1700000000,"hello" """)]
    public async Task A_result_that_is_not_a_vector_is_a_failed_query_naming_the_type(string type, string result)
    {
        _stub.Answer = q => MetricOf(q) == BatchMetric.P99 ? new(200, Success(type, result)) : Healthy(q);

        var batch = await ReadAsync(Checkout);

        var failure = Assert.Single(batch.FailedQueries);
        Assert.StartsWith($"p99: expected a vector, Prometheus returned a {type}", failure);
        Assert.Null(batch.Readings[Checkout.Rollout].Canary.P99Seconds);
    }

    [Theory]
    [InlineData("NaN", "canary p99: NaN for job=\"checkout\", version=\"v2-canary\" (no requests in the last 5m)")]
    [InlineData("+Inf", "canary p99: +Inf for job=\"checkout\", version=\"v2-canary\" (requests slower than the highest finite histogram bucket)")]
    [InlineData("-Inf", "canary p99: -Inf for job=\"checkout\", version=\"v2-canary\"")]
    public async Task A_non_finite_sample_is_missing_with_the_reason(string value, string problem)
    {
        _stub.Answer = q => MetricOf(q) == BatchMetric.P99
            ? new(200, Vector(("checkout", "v2-canary", value), ("checkout", "v1-stable", "0.149")))
            : Healthy(q);

        var batch = await ReadAsync(Checkout);

        var reading = batch.Readings[Checkout.Rollout];
        Assert.Null(reading.Canary.P99Seconds);
        Assert.Equal(0.149, reading.Stable.P99Seconds);
        Assert.Equal([problem], reading.Problems);
    }

    [Fact]
    public async Task An_empty_vector_says_no_series_for_each_version_and_metric()
    {
        _stub.Answer = _ => new(200, Vector());

        var batch = await ReadAsync(Checkout);

        Assert.True(batch.BackendAvailable);
        var reading = batch.Readings[Checkout.Rollout];
        Assert.Equal(VersionMetrics.Empty, reading.Canary);
        Assert.Equal(VersionMetrics.Empty, reading.Stable);
        Assert.Equal(8, reading.Problems.Count);
        Assert.Contains("stable request rate: no series for job=\"checkout\", version=\"v1-stable\"", reading.Problems);
    }

    [Fact]
    public async Task A_missing_canary_series_leaves_the_stable_values()
    {
        _stub.Answer = q => new(200, Vector(("checkout", "v1-stable", "0.5")));

        var batch = await ReadAsync(Checkout);

        var reading = batch.Readings[Checkout.Rollout];
        Assert.Equal(new VersionMetrics(0.5, 0.5, 0.5, 0.5), reading.Stable);
        Assert.Equal(VersionMetrics.Empty, reading.Canary);
        Assert.All(reading.Problems, p => Assert.StartsWith("canary ", p));
        Assert.Equal(4, reading.Problems.Count);
    }

    [Fact]
    public async Task Duplicate_and_unlabelled_samples_are_reported_not_guessed()
    {
        _stub.Answer = q => MetricOf(q) == BatchMetric.P99
            ? new(200, Success("vector", """{"metric":{"job":"checkout","version":"v2-canary","le":"0.1"},"value":[1,"0.1"]},{"metric":{"job":"checkout","version":"v2-canary","le":"0.2"},"value":[1,"0.2"]},{"metric":{},"value":[1,"0.3"]}"""))
            : Healthy(q);

        var batch = await ReadAsync(Checkout);

        var reading = batch.Readings[Checkout.Rollout];
        Assert.Null(reading.Canary.P99Seconds);
        Assert.Contains(reading.Problems, p => p.StartsWith("canary p99: 2 samples", StringComparison.Ordinal));
        Assert.Contains(batch.Warnings, w => w.StartsWith("p99: 1 sample(s) without the labels job and version", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(500, "<html><body>Internal Server Error</body></html>", "HTTP 500 InternalServerError: <html>")]
    [InlineData(502, "", "HTTP 502 BadGateway")]
    [InlineData(503, """{"status":"error","errorType":"unavailable","error":"TSDB not ready"}""", "Prometheus error unavailable (HTTP 503): TSDB not ready")]
    [InlineData(200, "{\"status\":\"succ", "unexpected answer (HTTP 200): the answer is not JSON")]
    [InlineData(200, "<html>login</html>", "the answer is not JSON")]
    [InlineData(200, "[1,2,3]", "the answer is JSON but not an object")]
    [InlineData(200, """{"status":"success"}""", "\"data\" is missing")]
    [InlineData(200, """{"status":"success","data":{"resultType":"vector","result":{}}}""", "\"data.result\" is not an array")]
    [InlineData(200, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"checkout","version":"v1-stable"},"value":[1,"fast"]}]}}""", "a sample value is not a number")]
    [InlineData(200, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"checkout","version":"v1-stable"},"value":"0.1"}]}}""", "a sample is not [time, \"value\"]")]
    [InlineData(200, """{"status":"maybe","data":{}}""", "\"status\" is 'maybe'")]
    public async Task A_broken_answer_is_a_failure_with_the_reason(int status, string body, string reason)
    {
        _stub.Answer = _ => new(status, body, ContentType: body.StartsWith('<') ? "text/html" : "application/json");

        var batch = await ReadAsync(Checkout);

        Assert.False(batch.BackendAvailable);
        Assert.Contains(reason, batch.Error);
        Assert.Empty(batch.Readings);
    }

    [Fact]
    public async Task A_hanging_Prometheus_is_a_timeout_after_the_configured_time()
    {
        _factory.Options.Prometheus.Timeout = TimeSpan.FromMilliseconds(300);
        _stub.Answer = _ => new(200, Vector(), Delay: TimeSpan.FromMinutes(2));

        var batch = await ReadAsync(Checkout);

        Assert.False(batch.BackendAvailable);
        Assert.Contains("did not answer within 0.3 s", batch.Error);
    }

    [Fact]
    public async Task A_closed_port_is_connection_refused()
    {
        var closed = new PrometheusSourceFactory(new CanaryDashboardOptions
        {
            Prometheus = new PrometheusOptions { BaseUrl = $"http://127.0.0.1:{ClosedPort()}" },
        });
        using var _ = closed;

        var batch = await closed.Source.ReadAsync([Checkout], CancellationToken.None);

        Assert.False(batch.BackendAvailable);
        Assert.Contains("is unreachable: ConnectionRefused", batch.Error);
    }

    [Fact]
    public async Task The_caller_cancelling_is_the_one_exception()
    {
        _stub.Answer = _ => new(200, Vector(), Delay: TimeSpan.FromMinutes(2));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _factory.Source.ReadAsync([Checkout], cancel.Token));
    }

    [Fact]
    public async Task A_range_query_parses_the_matrix_with_non_finite_points()
    {
        _stub.Answer = _ => new(200, Success("matrix",
            """{"metric":{"job":"checkout"},"values":[[1700000000,"1.5"],[1700000001,"NaN"],[1700000002,"+Inf"]]}"""));

        var result = await _factory.Client.QueryRangeAsync("up", DateTimeOffset.FromUnixTimeSeconds(1700000000),
            DateTimeOffset.FromUnixTimeSeconds(1700000002), TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var series = Assert.Single(result.Matrix);
        Assert.Equal([1.5, double.NaN, double.PositiveInfinity], series.Points.Select(p => p.Value));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000001), series.Points[1].Timestamp);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port; // closed again on dispose
    }
}
