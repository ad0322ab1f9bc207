using CanaryDashboard.Configuration;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Prometheus;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Tests.MetricsSource;

public sealed class MetricTargetResolverTests
{
    private static MetricTargetResolver Resolver(PrometheusOptions prometheus) =>
        new(Options.Create(new CanaryDashboardOptions { Prometheus = prometheus }));

    [Fact]
    public void Without_an_override_the_job_is_the_rollout_name_and_the_versions_are_the_seed_ones()
    {
        var target = Resolver(new PrometheusOptions()).Resolve(new RolloutKey("shop", "checkout"));

        Assert.Equal(new MetricTarget(new RolloutKey("shop", "checkout"), "checkout", "v2-canary", "v1-stable"), target);
    }

    [Fact]
    public void The_job_template_fills_name_and_namespace()
    {
        var target = Resolver(new PrometheusOptions { JobTemplate = "{namespace}/{name}-api", CanaryVersion = "canary", StableVersion = "stable" })
            .Resolve(new RolloutKey("shop", "checkout"));

        Assert.Equal(("shop/checkout-api", "canary", "stable"), (target.Job, target.CanaryVersion, target.StableVersion));
    }

    [Fact]
    public void A_per_rollout_override_wins_field_by_field_and_marks_the_rollout_configured()
    {
        var resolver = Resolver(new PrometheusOptions
        {
            Rollouts = { ["shop/catalog"] = new RolloutMetricsOverride { Job = "catalog-svc", CanaryVersion = "green" } },
        });

        var catalog = resolver.Resolve(new RolloutKey("shop", "catalog"));
        var other = resolver.Resolve(new RolloutKey("other", "catalog"));

        Assert.Equal(("catalog-svc", "green", "v1-stable"), (catalog.Job, catalog.CanaryVersion, catalog.StableVersion));
        Assert.Equal(("catalog", "v2-canary"), (other.Job, other.CanaryVersion));
        Assert.True(resolver.IsConfigured(new RolloutKey("shop", "catalog")));
        Assert.False(resolver.IsConfigured(new RolloutKey("other", "catalog")));
    }
}
