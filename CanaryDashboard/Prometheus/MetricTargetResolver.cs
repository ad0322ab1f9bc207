using CanaryDashboard.Configuration;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Prometheus;

/// <summary>
/// Where a rollout's traffic is found in Prometheus: the per-rollout override under
/// <c>Prometheus:Rollouts:{namespace}/{name}</c> when there is one, else the global
/// <c>JobTemplate</c> (with <c>{name}</c> and <c>{namespace}</c> filled) and version values.
/// </summary>
public sealed class MetricTargetResolver(IOptions<CanaryDashboardOptions> options)
{
    public MetricTarget Resolve(RolloutKey rollout)
    {
        var settings = options.Value.Prometheus;
        var configured = FindOverride(settings, rollout);
        var job = configured?.Job is { Length: > 0 } overridden
            ? overridden
            : settings.JobTemplate.Replace("{name}", rollout.Name, StringComparison.Ordinal)
                .Replace("{namespace}", rollout.Namespace, StringComparison.Ordinal);
        return new MetricTarget(
            rollout,
            job,
            configured?.CanaryVersion is { Length: > 0 } canary ? canary : settings.CanaryVersion,
            configured?.StableVersion is { Length: > 0 } stable ? stable : settings.StableVersion);
    }

    /// <summary>True when the operator listed this rollout under <c>Prometheus:Rollouts</c>.</summary>
    public bool IsConfigured(RolloutKey rollout) => FindOverride(options.Value.Prometheus, rollout) is not null;

    private static RolloutMetricsOverride? FindOverride(PrometheusOptions settings, RolloutKey rollout) =>
        settings.Rollouts.TryGetValue(rollout.ToString(), out var exact)
            ? exact
            // Configuration keys are case-insensitive in ASP.NET Core; Kubernetes names are lower case anyway.
            : settings.Rollouts.FirstOrDefault(r => string.Equals(r.Key, rollout.ToString(), StringComparison.OrdinalIgnoreCase)).Value;
}
