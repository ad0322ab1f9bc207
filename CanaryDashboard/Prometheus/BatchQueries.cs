using CanaryDashboard.Configuration;
using CanaryDashboard.Metrics;

namespace CanaryDashboard.Prometheus;

/// <summary>The metrics one batch reads; each is one query for every rollout of the batch.</summary>
public enum BatchMetric { P99, ErrorRatio, RequestRate, Requests }

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
        string Fill(string template) => template
            .Replace(PrometheusQueries.SelectorPlaceholder, selector, StringComparison.Ordinal)
            .Replace(PrometheusQueries.WindowPlaceholder, options.RateWindow, StringComparison.Ordinal)
            .Replace(PrometheusQueries.ByPlaceholder, by, StringComparison.Ordinal);

        return new Dictionary<BatchMetric, string>
        {
            [BatchMetric.P99] = Fill(options.Queries.P99),
            [BatchMetric.ErrorRatio] = Fill(options.Queries.ErrorRatio),
            [BatchMetric.RequestRate] = Fill(options.Queries.RequestRate),
            [BatchMetric.Requests] = Fill(options.Queries.Requests),
        };
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
}
