using CanaryDashboard.Configuration;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Prometheus;

namespace CanaryDashboard.Tests.MetricsSource;

public sealed class BatchQueriesTests
{
    private static MetricTarget Target(string job, string canary = "v2-canary", string stable = "v1-stable") =>
        new(new RolloutKey("ns", job), job, canary, stable);

    [Fact]
    public void The_default_templates_are_the_seed_queries_batched_over_every_target()
    {
        var queries = BatchQueries.Build(new PrometheusOptions(), [Target("b"), Target("a")]);

        Assert.Equal(
            "histogram_quantile(0.99, sum by (le, job, version) (rate(http_request_duration_seconds_bucket{job=~\"a|b\",version=~\"v1-stable|v2-canary\"}[5m])))",
            queries[BatchMetric.P99]);
        Assert.Contains("http_requests_total{job=~\"a|b\",version=~\"v1-stable|v2-canary\",status=~\"5..\"}[5m]", queries[BatchMetric.ErrorRatio]);
        Assert.Equal("sum by (job, version) (increase(http_requests_total{job=~\"a|b\",version=~\"v1-stable|v2-canary\"}[5m]))", queries[BatchMetric.Requests]);
    }

    [Fact]
    public void One_target_uses_equality_matchers_and_configured_label_names_and_window()
    {
        var queries = BatchQueries.Build(new PrometheusOptions { RolloutLabel = "service", VersionLabel = "track", RateWindow = "30s" }, [Target("a")]);

        Assert.Equal("sum by (service, track) (rate(http_requests_total{service=\"a\",track=~\"v1-stable|v2-canary\"}[30s]))", queries[BatchMetric.RequestRate]);
    }

    [Fact]
    public void Label_values_are_escaped_so_no_name_changes_the_query()
    {
        var selector = BatchQueries.Selector(new PrometheusOptions(), [Target("api.v2"), Target("x\"y"), Target("a|b(c)")]);

        // regex metacharacters escaped for RE2, then backslashes and quotes escaped for the PromQL string
        Assert.Equal("job=~\"api\\\\.v2|a\\\\|b\\\\(c\\\\)|x\\\"y\",version=~\"v1-stable|v2-canary\"", selector);
    }
}
