using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Controller;

namespace CanaryDashboard.Simulation.Workload;

/// <summary>
/// <see cref="IMetricsSource"/> over the simulated workload: each rollout's canary share and pods
/// are read from the simulated cluster's store (so a promote or abort changes the metrics at once),
/// then sampled from its <see cref="TrafficScenario"/> at the injected clock's time. A target with a
/// <see cref="MetricTarget.WindowStart"/> also gets the counts since then (<see cref="MetricsReading.Counts"/>),
/// zero when there is no traffic; without one, none.
/// </summary>
public sealed class SimulatedMetricsSource(ObjectStore store, SimulatedWorkload workload, TimeProvider time) : IMetricsSource
{
    public SimulatedMetricsSource(SimulatedCluster cluster) : this(cluster.Store, cluster.Workload, cluster.Options.TimeProvider)
    {
    }

    public Task<MetricsBatch> ReadAsync(IReadOnlyList<MetricTarget> targets, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        var readings = new Dictionary<RolloutKey, MetricsReading>();
        var warnings = new List<string>();
        foreach (var target in targets)
        {
            var rollout = store.Get(ResourceCatalog.Rollouts, target.Rollout.Namespace, target.Rollout.Name);
            if (rollout is null)
            {
                readings[target.Rollout] = new MetricsReading(target.Rollout, now, VersionMetrics.Empty, VersionMetrics.Empty,
                    [$"no rollout {target.Rollout} in the simulated cluster"]);
                continue;
            }
            var annotation = Json.Str(rollout["metadata"]?["annotations"]?[SimulatedWorkload.ScenarioAnnotation]);
            var shape = RolloutTraffic.ShapeOf(store, rollout);
            var scenario = workload.ScenarioOf(target.Rollout, annotation);
            var sample = workload.Sample(target.Rollout, scenario, shape, now);
            var problems = new List<string>();
            if (sample.Canary.Requests is null or 0)
                problems.Add($"{target.CanaryVersion}: no requests in the window (canary weight {shape.CanaryWeightPercent:0.#} %)");
            if (sample.Stable.Requests is null or 0)
                problems.Add($"{target.StableVersion}: no requests in the window");
            var counts = target.WindowStart is { } windowStart
                ? workload.Counts(target.Rollout, scenario, shape, windowStart, now, target.CanaryRevision)
                : null;
            readings[target.Rollout] = new MetricsReading(target.Rollout, now, sample.Canary, sample.Stable, problems)
            {
                Counts = counts?.Inputs,
                CountsSince = counts?.Since,
            };
        }
        return Task.FromResult(new MetricsBatch(now, true, null, readings, warnings));
    }
}
