using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Analysis.Runs;

/// <summary>
/// A run's per-metric rules, matched by regular expression against metric names as
/// utils/analysis/helpers.go <c>GetDryRunMetrics</c> and <c>GetMeasurementRetentionMetrics</c> do
/// (an unanchored match; a rule that matches no metric is an error; an invalid pattern matches nothing).
/// </summary>
public static class MetricRules
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public static Dictionary<string, bool> DryRun(JsonNode? rules, IReadOnlyList<MetricSpec> metrics)
    {
        var map = new Dictionary<string, bool>(StringComparer.Ordinal);
        var index = 0;
        foreach (var rule in (rules as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var matched = metrics.Where(m => Matches(Json.Str(rule["metricName"]), m.Name)).ToList();
            if (matched.Count == 0)
                throw new FormatException($"dryRun[{index}]: Rule didn't match any metric name(s)");
            foreach (var metric in matched)
                map[metric.Name] = true;
            index++;
        }
        return map;
    }

    /// <summary>The measurements to keep per metric (<c>measurementRetention[].limit</c>); the last matching rule wins.</summary>
    public static Dictionary<string, int> MeasurementRetention(JsonNode? rules, IReadOnlyList<MetricSpec> metrics)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var rule in (rules as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var matched = metrics.Where(m => Matches(Json.Str(rule["metricName"]), m.Name)).ToList();
            if (matched.Count == 0)
                throw new FormatException($"measurementRetention[{index}]: Rule didn't match any metric name(s)");
            foreach (var metric in matched)
                map[metric.Name] = Json.Int(rule["limit"]) ?? 0;
            index++;
        }
        return map;
    }

    private static bool Matches(string? pattern, string name)
    {
        try
        {
            return Regex.IsMatch(name, pattern ?? "", RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
