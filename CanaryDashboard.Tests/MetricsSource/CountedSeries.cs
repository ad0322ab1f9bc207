using System.Globalization;
using static CanaryDashboard.Tests.PrometheusTesting.CannedPrometheus;

namespace CanaryDashboard.Tests.MetricsSource;

/// <summary>
/// The cumulative counters of one (job, version[, revision]) series set, as a test sets them between
/// reads; <see cref="Answer"/> serves them to the canned Prometheus as the counter queries would.
/// Buckets are for the bounds 0.1, 0.5 and +Inf.
/// </summary>
public sealed class CountedSeries(string job, string version, string? revision = null)
{
    public static readonly string[] Les = ["0.1", "0.5", "+Inf"];

    public string Job { get; } = job;
    public string Version { get; } = version;
    public double Requests { get; set; }
    public double? Errors { get; set; }
    public double[] Buckets { get; set; } = [0, 0, 0];

    /// <summary>Sets every counter at once: requests (= the +Inf bucket), 5xx (null: no 5xx series), the two finite buckets.</summary>
    public CountedSeries Set(double requests, double? errors, double le01, double le05)
    {
        Requests = requests;
        Errors = errors;
        Buckets = [le01, le05, requests];
        return this;
    }

    private string Labels(string? le = null) =>
        $"\"job\":\"{Job}\",\"version\":\"{Version}\"" +
        (revision is null ? "" : $",\"rollouts_pod_template_hash\":\"{revision}\"") +
        (le is null ? "" : $",\"le\":\"{le}\"");

    private static string Sample(string labels, double value) =>
        $$"""{"metric":{{{labels}}},"value":[1700000000.123,"{{value.ToString("R", CultureInfo.InvariantCulture)}}"]}""";

    /// <summary>
    /// The answer to one query over these series: the counter queries get the counters (read at the
    /// instant, so without rate() or increase()), the four rate-window queries one plain value per version.
    /// </summary>
    public static string Answer(string query, IEnumerable<CountedSeries> series)
    {
        var all = series.ToList();
        var windowed = query.Contains("rate(", StringComparison.Ordinal) || query.Contains("increase(", StringComparison.Ordinal);
        IEnumerable<string> samples =
            windowed ? all.DistinctBy(s => (s.Job, s.Version)).Select(s => Sample($"\"job\":\"{s.Job}\",\"version\":\"{s.Version}\"", 0.1))
            : query.Contains("_bucket", StringComparison.Ordinal) ? all.SelectMany(s => Les.Select((le, i) => Sample(s.Labels(le), s.Buckets[i])))
            : query.Contains("5..", StringComparison.Ordinal) ? all.Where(s => s.Errors is not null).Select(s => Sample(s.Labels(), s.Errors!.Value))
            : all.Select(s => Sample(s.Labels(), s.Requests));
        return Success("vector", string.Join(",", samples));
    }

    /// <summary>Whether a query is one of the three counter queries (no rate window).</summary>
    public static bool IsCounterQuery(string query) =>
        !query.Contains("rate(", StringComparison.Ordinal) && !query.Contains("increase(", StringComparison.Ordinal);
}
