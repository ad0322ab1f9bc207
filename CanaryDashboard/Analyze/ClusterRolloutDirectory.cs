using CanaryDashboard.Configuration;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Model;
using CanaryDashboard.Prometheus;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Analyze;

/// <summary>
/// "Does this rollout exist?" answered by the cluster watch first: a watched Rollout is known.
/// With Prometheus metrics, a rollout outside the watched namespaces is still known when it is
/// configured or Prometheus has its series (<see cref="PrometheusRolloutDirectory"/>), so Argo
/// can analyse a rollout the dashboard does not watch. With simulated metrics the cluster is the
/// only authority.
/// </summary>
public sealed class ClusterRolloutDirectory(
    IRolloutSnapshotProvider snapshots,
    PrometheusRolloutDirectory prometheus,
    IOptions<CanaryDashboardOptions> options) : IRolloutDirectory
{
    public Task<RolloutLookup> LookUpAsync(RolloutKey rollout, CancellationToken cancellationToken)
    {
        if (snapshots.Get(rollout) is not null)
            return Task.FromResult(new RolloutLookup(RolloutPresence.Known, $"rollout {rollout} is watched in the cluster"));

        var current = options.Value;
        if (!current.Metrics.UsesSimulated(current.Cluster.Mode))
            return prometheus.LookUpAsync(rollout, cancellationToken);

        return Task.FromResult(snapshots.IsSynced
            ? new RolloutLookup(RolloutPresence.Unknown, $"no rollout {rollout} in the cluster")
            : new RolloutLookup(RolloutPresence.CannotTell, "the cluster watch has not listed every rollout yet"));
    }
}
