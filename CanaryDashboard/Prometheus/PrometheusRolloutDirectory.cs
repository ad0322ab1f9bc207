using CanaryDashboard.Analyze;
using CanaryDashboard.Configuration;
using CanaryDashboard.Model;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Prometheus;

/// <summary>
/// A rollout is known when the operator configured it under <c>Prometheus:Rollouts</c>, or when
/// Prometheus has any series carrying its rollout label value with its canary or stable version
/// (whatever the metric). The stand-in until the cluster adapter knows the real Rollouts.
/// </summary>
public sealed class PrometheusRolloutDirectory(
    PrometheusClient client, MetricTargetResolver resolver, IOptions<CanaryDashboardOptions> options) : IRolloutDirectory
{
    public async Task<RolloutLookup> LookUpAsync(RolloutKey rollout, CancellationToken cancellationToken)
    {
        if (resolver.IsConfigured(rollout))
            return new RolloutLookup(RolloutPresence.Known, $"configured under Prometheus:Rollouts:{rollout}");

        var settings = options.Value.Prometheus;
        var target = resolver.Resolve(rollout);
        var selector = BatchQueries.Selector(settings, [target]);
        var result = await client.QueryAsync($"count by ({settings.RolloutLabel}, {settings.VersionLabel}) ({{{selector}}})", cancellationToken);
        if (!result.Succeeded)
            return new RolloutLookup(RolloutPresence.CannotTell, $"cannot tell whether {rollout} exists: {result.Error}");
        return result.Vector.Count > 0
            ? new RolloutLookup(RolloutPresence.Known, $"Prometheus has series for {{{selector}}}")
            : new RolloutLookup(RolloutPresence.Unknown,
                $"unknown rollout {rollout}: it is not configured under Prometheus:Rollouts and Prometheus has no series for {{{selector}}}");
    }
}
