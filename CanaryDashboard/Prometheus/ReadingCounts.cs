using CanaryDashboard.Configuration;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;

namespace CanaryDashboard.Prometheus;

/// <summary>
/// Adds the evidence's counts to the readings of a batch, from the counter queries' answers and the
/// windows' baselines. A failed counter query leaves <see cref="MetricsReading.Counts"/> null and says
/// why in the reading's problems, but is not a failed query of the batch: the rate-window metrics stand.
/// </summary>
internal static class ReadingCounts
{
    public static MetricsBatch Attach(
        MetricsBatch batch, PrometheusOptions settings, IReadOnlyList<MetricTarget> targets,
        IReadOnlyDictionary<CounterMetric, PrometheusQueryResult> results, CounterWindows windows)
    {
        var warnings = new List<string>(batch.Warnings);
        var failures = new List<string>();
        var tables = new Dictionary<CounterMetric, CounterTable>();
        foreach (var (metric, result) in results)
        {
            var name = BatchQueries.Describe(metric);
            warnings.AddRange(result.Warnings.Select(w => $"{name}: {w}"));
            if (!result.Succeeded)
            {
                failures.Add($"counts unavailable: {name}: {result.Error}");
                continue;
            }
            var table = CounterTable.From(result.Vector, settings);
            if (table.Unlabelled > 0)
                warnings.Add($"{name}: {table.Unlabelled} sample(s) without the labels {settings.RolloutLabel} and {settings.VersionLabel} were ignored; the query must group by both");
            tables[metric] = table;
        }

        var readings = new Dictionary<RolloutKey, MetricsReading>(batch.Readings);
        foreach (var target in targets)
        {
            if (target.WindowStart is null || !readings.TryGetValue(target.Rollout, out var reading))
                continue;
            if (failures.Count > 0)
            {
                readings[target.Rollout] = reading with { Problems = [.. reading.Problems, .. failures] };
                continue;
            }
            var problems = new List<string>();
            VersionCounters? Read(string role, string version, string? revision) => VersionCounterReader.Read(
                role, target, version, revision, settings,
                tables[CounterMetric.Requests], tables[CounterMetric.Errors], tables[CounterMetric.LatencyBuckets], problems);
            var canary = Read("canary", target.CanaryVersion, target.CanaryRevision);
            var stable = Read("stable", target.StableVersion, target.StableRevision);
            var counted = windows.Advance(target, reading.At, canary, stable);
            readings[target.Rollout] = reading with
            {
                Counts = counted.Counts,
                CountsSince = counted.Since,
                Problems = [.. reading.Problems, .. problems, .. counted.Problems],
            };
        }
        return batch with { Readings = readings, Warnings = warnings.Distinct().ToList() };
    }
}
