using CanaryDashboard.Configuration;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Prometheus;

/// <summary>
/// Reads p99, error ratio, request rate and request count of many rollouts from Prometheus: one
/// query per metric per call, whatever the number of rollouts (grouped by the rollout and version
/// labels), the four sent concurrently. When some rollout has a window start, three counter queries
/// go along with them, and <see cref="CounterWindows"/> turns their answers into the evidence's counts.
/// Whatever Prometheus answers, the batch says what is missing and why; it never throws except when
/// the caller cancels.
/// </summary>
public sealed class PrometheusMetricsSource(
    PrometheusClient client,
    IOptions<CanaryDashboardOptions> options,
    TimeProvider time,
    ILogger<PrometheusMetricsSource> logger,
    CounterWindows? counterWindows = null) : IMetricsSource
{
    // Without the shared keeper (a source built by hand), this source keeps its own windows.
    private readonly CounterWindows _windows = counterWindows ?? new CounterWindows(time);

    public async Task<MetricsBatch> ReadAsync(IReadOnlyList<MetricTarget> targets, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        if (targets.Count == 0)
            return new MetricsBatch(at, true, null, new Dictionary<RolloutKey, MetricsReading>(), []);
        try
        {
            var settings = options.Value.Prometheus;
            var queries = BatchQueries.Build(settings, targets);
            var counterQueries = BatchQueries.BuildCounters(settings, targets);
            var pending = queries.ToDictionary(q => q.Key, q => client.QueryAsync(q.Value, cancellationToken));
            var pendingCounters = counterQueries.ToDictionary(q => q.Key, q => client.QueryAsync(q.Value, cancellationToken));
            var seeding = StartBaselines(settings, targets, at, cancellationToken);
            await Task.WhenAll(pending.Values.Concat(pendingCounters.Values).Concat(seeding.SelectMany(s => s.Queries.Values)));
            foreach (var seed in seeding)
                Seed(settings, seed);
            var results = pending.ToDictionary(p => p.Key, p => p.Value.Result);
            var batch = Assemble(at, settings, targets, results);
            if (pendingCounters.Count == 0 || !batch.BackendAvailable)
                return batch;
            var counterResults = pendingCounters.ToDictionary(p => p.Key, p => p.Value.Result);
            foreach (var failed in counterResults.Where(r => !r.Value.Succeeded))
                logger.LogWarning("Prometheus {Query} failed: {Error}", BatchQueries.Describe(failed.Key), failed.Value.Error);
            return ReadingCounts.Attach(batch, settings, targets, counterResults, _windows);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A defect of ours must not take the poller or /analyze down with it.
            logger.LogError(ex, "Reading metrics of {Count} rollouts failed unexpectedly", targets.Count);
            return MetricsBatch.Unavailable(at, $"metrics read failed unexpectedly: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>A window opened this long before the read is seeded from the counters at its start; younger ones start at the first read.</summary>
    private static readonly TimeSpan SeedAfter = TimeSpan.FromSeconds(2);

    private sealed record PendingSeed(DateTimeOffset Start, IReadOnlyList<MetricTarget> Targets, IReadOnlyDictionary<CounterMetric, Task<PrometheusQueryResult>> Queries);

    /// <summary>For new windows that began a while ago: the counter queries at their start (one set per distinct start).</summary>
    private List<PendingSeed> StartBaselines(PrometheusOptions settings, IReadOnlyList<MetricTarget> targets, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var seeds = new List<PendingSeed>();
        foreach (var group in targets.Where(t => t.WindowStart is { } start && at - start > SeedAfter && _windows.NeedsBaseline(t))
                     .GroupBy(t => t.WindowStart!.Value))
        {
            var members = group.ToList();
            if (BatchQueries.BuildCountersAt(settings, members, group.Key) is not { } queries)
                break;
            seeds.Add(new PendingSeed(group.Key, members, queries.ToDictionary(q => q.Key, q => client.QueryAsync(q.Value, cancellationToken))));
        }
        return seeds;
    }

    /// <summary>Opens the windows whose start counters came back; any failure leaves them to start at the first read.</summary>
    private void Seed(PrometheusOptions settings, PendingSeed seed)
    {
        var results = seed.Queries.ToDictionary(q => q.Key, q => q.Value.Result);
        if (results.Values.Any(r => !r.Succeeded))
            return;
        var requests = CounterTable.From(results[CounterMetric.Requests].Vector, settings);
        var errors = CounterTable.From(results[CounterMetric.Errors].Vector, settings);
        var buckets = CounterTable.From(results[CounterMetric.LatencyBuckets].Vector, settings);
        foreach (var target in seed.Targets)
        {
            var ignored = new List<string>();
            var canary = VersionCounterReader.Read("canary", target, target.CanaryVersion, target.CanaryRevision, settings, requests, errors, buckets, ignored);
            var stable = VersionCounterReader.Read("stable", target, target.StableVersion, target.StableRevision, settings, requests, errors, buckets, ignored);
            _windows.Seed(target, canary, stable);
        }
    }

    private MetricsBatch Assemble(
        DateTimeOffset at, PrometheusOptions settings, IReadOnlyList<MetricTarget> targets,
        IReadOnlyDictionary<BatchMetric, PrometheusQueryResult> results)
    {
        var warnings = new List<string>();
        var failed = new List<string>();
        var tables = new Dictionary<BatchMetric, SampleTable>();
        foreach (var (metric, result) in results)
        {
            var name = BatchQueries.Describe(metric);
            warnings.AddRange(result.Warnings.Select(w => $"{name}: {w}"));
            if (!result.Succeeded)
            {
                failed.Add($"{name}: {result.Error}");
                continue;
            }
            var table = SampleTable.From(result.Vector, settings.RolloutLabel, settings.VersionLabel);
            if (table.Unlabelled > 0)
                warnings.Add($"{name}: {table.Unlabelled} sample(s) without the labels {settings.RolloutLabel} and {settings.VersionLabel} were ignored; the query must group by both");
            tables[metric] = table;
        }

        if (tables.Count == 0)
        {
            var error = string.Join("; ", failed);
            logger.LogWarning("Prometheus gave no usable answer: {Error}", error);
            return MetricsBatch.Unavailable(at, error) with { FailedQueries = failed, Warnings = warnings.Distinct().ToList() };
        }
        if (failed.Count > 0)
            logger.LogWarning("Some Prometheus queries failed: {Failures}", string.Join("; ", failed));

        var readings = new Dictionary<RolloutKey, MetricsReading>();
        foreach (var target in targets)
            readings[target.Rollout] = ReadingFor(at, settings, target, results, tables);
        return new MetricsBatch(at, true, null, readings, warnings.Distinct().ToList()) { FailedQueries = failed };
    }

    private static MetricsReading ReadingFor(
        DateTimeOffset at, PrometheusOptions settings, MetricTarget target,
        IReadOnlyDictionary<BatchMetric, PrometheusQueryResult> results, IReadOnlyDictionary<BatchMetric, SampleTable> tables)
    {
        var problems = new List<string>();
        foreach (var (metric, result) in results)
        {
            if (!result.Succeeded)
                problems.Add($"{BatchQueries.Describe(metric)} unavailable: {result.Error}");
        }

        VersionMetrics Read(string role, string version)
        {
            double? Value(BatchMetric metric)
            {
                if (!tables.TryGetValue(metric, out var table)) return null;
                var name = $"{role} {BatchQueries.Describe(metric)}";
                var where = $"{settings.RolloutLabel}=\"{target.Job}\", {settings.VersionLabel}=\"{version}\"";
                switch (table.Find(target.Job, version))
                {
                    case { Count: 0 }:
                        problems.Add($"{name}: no series for {where}");
                        return null;
                    case { Count: > 1 } several:
                        problems.Add($"{name}: {several.Count} samples for {where}; the query must group by {settings.RolloutLabel} and {settings.VersionLabel}");
                        return null;
                    case [var value] when double.IsNaN(value):
                        problems.Add($"{name}: NaN for {where} (no requests in the last {settings.RateWindow})");
                        return null;
                    case [var value] when double.IsInfinity(value):
                        problems.Add($"{name}: {(value > 0 ? "+Inf" : "-Inf")} for {where}" +
                                     (metric == BatchMetric.P99 && value > 0 ? " (requests slower than the highest finite histogram bucket)" : ""));
                        return null;
                    case [var value]:
                        return value;
                    default:
                        return null;
                }
            }
            return new VersionMetrics(Value(BatchMetric.P99), Value(BatchMetric.ErrorRatio), Value(BatchMetric.RequestRate), Value(BatchMetric.Requests));
        }

        var canary = Read("canary", target.CanaryVersion);
        var stable = Read("stable", target.StableVersion);
        return new MetricsReading(target.Rollout, at, canary, stable, problems);
    }

    /// <summary>One query's samples indexed by (rollout label value, version label value).</summary>
    private sealed class SampleTable
    {
        private readonly Dictionary<(string Job, string Version), List<double>> _values = new();
        public int Unlabelled { get; private set; }

        public static SampleTable From(IReadOnlyList<PromSample> samples, string rolloutLabel, string versionLabel)
        {
            var table = new SampleTable();
            foreach (var sample in samples)
            {
                if (!sample.Labels.TryGetValue(rolloutLabel, out var job) || !sample.Labels.TryGetValue(versionLabel, out var version))
                {
                    table.Unlabelled++;
                    continue;
                }
                if (!table._values.TryGetValue((job, version), out var list))
                    table._values[(job, version)] = list = [];
                list.Add(sample.Value);
            }
            return table;
        }

        public IReadOnlyList<double> Find(string job, string version) =>
            _values.TryGetValue((job, version), out var list) ? list : [];
    }
}
