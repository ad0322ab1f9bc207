using System.Globalization;
using CanaryDashboard.Configuration;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Metrics;

namespace CanaryDashboard.Prometheus;

/// <summary>
/// One version's cumulative counters at one read: sums over its series (of its revision only, when
/// revisions are told apart). <see cref="Buckets"/> is keyed by the parsed <c>le</c> bound and is
/// empty when the version exports no histogram.
/// </summary>
public sealed record VersionCounters(double Requests, double Errors, IReadOnlyDictionary<double, double> Buckets);

/// <summary>One counter query's samples indexed by (rollout label value, version label value).</summary>
internal sealed class CounterTable
{
    private readonly Dictionary<(string Job, string Version), List<PromSample>> _samples = new();

    public int Unlabelled { get; private set; }

    public static CounterTable From(IReadOnlyList<PromSample> samples, PrometheusOptions options)
    {
        var table = new CounterTable();
        foreach (var sample in samples)
        {
            if (!sample.Labels.TryGetValue(options.RolloutLabel, out var job) || !sample.Labels.TryGetValue(options.VersionLabel, out var version))
            {
                table.Unlabelled++;
                continue;
            }
            if (!table._samples.TryGetValue((job, version), out var list))
                table._samples[(job, version)] = list = [];
            list.Add(sample);
        }
        return table;
    }

    /// <summary>
    /// The version's finite samples; of one revision only when the revision label is on and the
    /// revision is known (an unknown revision cannot be told apart, so all of the version's series count).
    /// </summary>
    public IEnumerable<PromSample> Find(string job, string version, string? revisionLabel, string? revision) =>
        (_samples.TryGetValue((job, version), out var list) ? list : [])
        .Where(s => double.IsFinite(s.Value))
        .Where(s => string.IsNullOrEmpty(revisionLabel) || revision is null
                    || s.Labels.TryGetValue(revisionLabel, out var value) && value == revision);
}

/// <summary>Reads one version's counters out of the three counter tables, saying what is missing.</summary>
internal static class VersionCounterReader
{
    /// <summary>Null when the version has no request counter (then nothing of it can be counted).</summary>
    public static VersionCounters? Read(
        string role, MetricTarget target, string version, string? revision, PrometheusOptions options,
        CounterTable requests, CounterTable errors, CounterTable buckets, List<string> problems)
    {
        var revisionLabel = options.RevisionLabel;
        var where = $"{options.RolloutLabel}=\"{target.Job}\", {options.VersionLabel}=\"{version}\"" +
                    (revisionLabel is { Length: > 0 } && revision is not null ? $", {revisionLabel}=\"{revision}\"" : "");

        var requestSamples = requests.Find(target.Job, version, revisionLabel, revision).ToList();
        if (requestSamples.Count == 0)
        {
            problems.Add($"{role} {BatchQueries.Describe(CounterMetric.Requests)}: no series for {where}; no counts for the {role}");
            return null;
        }
        // No 5xx series while requests exist means no 5xx so far (a healthy service often never exports one).
        var errorCount = errors.Find(target.Job, version, revisionLabel, revision).Sum(s => s.Value);

        var histogram = new Dictionary<double, double>();
        foreach (var sample in buckets.Find(target.Job, version, revisionLabel, revision))
        {
            if (!sample.Labels.TryGetValue("le", out var le) || !LatencyHistogram.TryParseLe(le, out var bound))
            {
                problems.Add($"{role} {BatchQueries.Describe(CounterMetric.LatencyBuckets)}: a sample for {where} has no numeric le label; the query must group by le");
                histogram.Clear();
                break;
            }
            histogram[bound] = histogram.GetValueOrDefault(bound) + sample.Value;
        }
        if (histogram.Count == 0 && !problems.Any(p => p.StartsWith($"{role} {BatchQueries.Describe(CounterMetric.LatencyBuckets)}", StringComparison.Ordinal)))
            problems.Add($"{role} {BatchQueries.Describe(CounterMetric.LatencyBuckets)}: no series for {where}; no latency counts for the {role}");

        return new VersionCounters(requestSamples.Sum(s => s.Value), errorCount, histogram);
    }

    internal static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
