using CanaryDashboard.Configuration;

namespace CanaryDashboard.Tests.MetricsSource;

public sealed class PrometheusOptionsValidationTests
{
    private static IReadOnlyList<string> Failures(Action<PrometheusOptions> change)
    {
        var options = new CanaryDashboardOptions();
        change(options.Prometheus);
        var result = new CanaryDashboardOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures!.ToList() : [];
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Failures(_ => { }));

    [Fact]
    public void A_template_without_the_selector_or_the_grouping_is_refused_by_key()
    {
        var failures = Failures(p =>
        {
            p.Queries.P99 = "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))";
            p.Queries.Requests = "sum(increase(http_requests_total{$selector}[$window]))";
        });

        Assert.Contains(failures, f => f.StartsWith("Prometheus:Queries:P99: must contain $selector", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Prometheus:Queries:Requests: must contain $by", StringComparison.Ordinal));
    }

    [Fact]
    public void An_override_whose_versions_collide_is_refused_by_key()
    {
        var failures = Failures(p => p.Rollouts["shop/catalog"] = new RolloutMetricsOverride { CanaryVersion = "v1-stable" });

        Assert.Equal(["Prometheus:Rollouts:shop/catalog:StableVersion: must differ from CanaryVersion (both 'v1-stable')"], failures);
    }

    [Fact]
    public void An_empty_job_template_is_refused() =>
        Assert.Contains(Failures(p => p.JobTemplate = " "), f => f.StartsWith("Prometheus:JobTemplate:", StringComparison.Ordinal));

    [Fact]
    public void The_revision_label_is_off_when_empty_and_otherwise_a_distinct_label_name()
    {
        Assert.Empty(Failures(p => p.RevisionLabel = "rollouts_pod_template_hash"));
        Assert.Equal(["Prometheus:RevisionLabel: must be empty (off) or a Prometheus label name (was 'rollouts-pod-template-hash')"],
            Failures(p => p.RevisionLabel = "rollouts-pod-template-hash"));
        Assert.Equal(["Prometheus:RevisionLabel: must differ from RolloutLabel and VersionLabel (was 'version')"],
            Failures(p => p.RevisionLabel = "version"));
    }

    [Fact]
    public void A_counter_template_without_the_grouping_is_refused_by_key() =>
        Assert.Contains(Failures(p => p.Queries.LatencyBucketCounter = "sum by (le) (http_request_duration_seconds_bucket{$selector})"),
            f => f.StartsWith("Prometheus:Queries:LatencyBucketCounter: must contain $by", StringComparison.Ordinal));
}
