using CanaryDashboard.Configuration;
using CanaryDashboard.Metrics;

namespace CanaryDashboard.Prometheus;

/// <summary>The metrics one batch reads; each is one query for every rollout of the batch.</summary>
public enum BatchMetric { P99, ErrorRatio, RequestRate, Requests }

/// <summary>The cumulative counters read at the instant for the evidence's counts (<see cref="BatchQueries.BuildCounters"/>).</summary>
public enum CounterMetric { Requests, Errors, LatencyBuckets }

/// <summary>
/// Fills the configured templates for a whole batch: one selector matching every target's rollout
/// label value and every version value in play, grouped by the rollout and version labels.
/// </summary>
public static class BatchQueries
{
    public static IReadOnlyDictionary<BatchMetric, string> Build(PrometheusOptions options, IReadOnlyCollection<MetricTarget> targets)
    {
        var selector = Selector(options, targets);
        var by = $"{options.RolloutLabel}, {options.VersionLabel}";
        string Fill(string template) => FillTemplate(template, selector, options.RateWindow, by);

        return new Dictionary<BatchMetric, string>
        {
            [BatchMetric.P99] = Fill(options.Queries.P99),
            [BatchMetric.ErrorRatio] = Fill(options.Queries.ErrorRatio),
            [BatchMetric.RequestRate] = Fill(options.Queries.RequestRate),
            [BatchMetric.Requests] = Fill(options.Queries.Requests),
        };
    }

    /// <summary>One template with its placeholders filled: the batch's selector, the rate window and the grouping labels.</summary>
    private static string FillTemplate(string template, string selector, string window, string by) => template
        .Replace(PrometheusQueries.SelectorPlaceholder, selector, StringComparison.Ordinal)
        .Replace(PrometheusQueries.WindowPlaceholder, window, StringComparison.Ordinal)
        .Replace(PrometheusQueries.ByPlaceholder, by, StringComparison.Ordinal);

    /// <summary>
    /// The counter queries for the targets that have a window start (none without one). With
    /// <see cref="PrometheusOptions.RevisionLabel"/> set they also group by it, so each revision's series can be told apart.
    /// </summary>
    public static IReadOnlyDictionary<CounterMetric, string> BuildCounters(PrometheusOptions options, IReadOnlyCollection<MetricTarget> targets)
    {
        var windowed = targets.Where(t => t.WindowStart is not null).ToList();
        if (windowed.Count == 0)
            return new Dictionary<CounterMetric, string>();
        var selector = Selector(options, windowed);
        var by = $"{options.RolloutLabel}, {options.VersionLabel}" + (options.RevisionLabel is { Length: > 0 } revision ? $", {revision}" : "");
        string Fill(string template) => FillTemplate(template, selector, options.RateWindow, by);

        return new Dictionary<CounterMetric, string>
        {
            [CounterMetric.Requests] = Fill(options.Queries.RequestCounter),
            [CounterMetric.Errors] = Fill(options.Queries.ErrorCounter),
            [CounterMetric.LatencyBuckets] = Fill(options.Queries.LatencyBucketCounter),
        };
    }

    /// <summary>
    /// The counter queries evaluated at <paramref name="at"/> with PromQL's <c>@</c> modifier (on by default since
    /// Prometheus 2.33): the counters at a window's start, so a window that began before the first read (a rung
    /// entered before a restart, an analysis asked for after the pause began) counts from its real start. Null
    /// when a template does not select with <c>{$selector}</c>, so the modifier has nowhere to go.
    /// </summary>
    public static IReadOnlyDictionary<CounterMetric, string>? BuildCountersAt(PrometheusOptions options, IReadOnlyCollection<MetricTarget> targets,
        DateTimeOffset at)
    {
        var instant = " @ " + (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        // Every vector selector that holds $selector ("{$selector}", "{$selector,status=~\"5..\"}") gets the modifier after its brace.
        var selectorBraces = new System.Text.RegularExpressions.Regex(@"\{\$selector[^}]*\}");
        string? At(string template) => selectorBraces.IsMatch(template) ? selectorBraces.Replace(template, m => m.Value + instant) : null;
        if (At(options.Queries.RequestCounter) is not { } requests || At(options.Queries.ErrorCounter) is not { } errors
            || At(options.Queries.LatencyBucketCounter) is not { } buckets)
            return null;
        var shifted = new PrometheusOptions
        {
            RolloutLabel = options.RolloutLabel,
            VersionLabel = options.VersionLabel,
            RevisionLabel = options.RevisionLabel,
            RateWindow = options.RateWindow,
            Queries = new PrometheusQueries { RequestCounter = requests, ErrorCounter = errors, LatencyBucketCounter = buckets },
        };
        return BuildCounters(shifted, targets);
    }

    /// <summary>The label matchers (without braces) selecting every target's canary and stable series.</summary>
    public static string Selector(PrometheusOptions options, IReadOnlyCollection<MetricTarget> targets) =>
        PromQl.Matcher(options.RolloutLabel, targets.Select(t => t.Job).ToList()) + "," +
        PromQl.Matcher(options.VersionLabel, targets.SelectMany(t => new[] { t.CanaryVersion, t.StableVersion }).ToList());

    public static string Describe(BatchMetric metric) => metric switch
    {
        BatchMetric.P99 => "p99",
        BatchMetric.ErrorRatio => "error rate",
        BatchMetric.RequestRate => "request rate",
        BatchMetric.Requests => "request count",
        _ => metric.ToString(),
    };

    public static string Describe(CounterMetric metric) => metric switch
    {
        CounterMetric.Requests => "request counter",
        CounterMetric.Errors => "5xx counter",
        CounterMetric.LatencyBuckets => "latency bucket counters",
        _ => metric.ToString(),
    };
}
