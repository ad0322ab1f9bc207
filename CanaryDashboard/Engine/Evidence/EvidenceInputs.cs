namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// One version's counts over the window, as PromQL gives them:
/// <c>sum by (…) (increase(http_requests_total[w]))</c>, the same over 5xx, and
/// <c>sum by (le, …) (increase(…_bucket[w]))</c>. <see cref="double.NaN"/> means missing.
/// Counts may be fractional (<c>increase()</c> extrapolates to the window's ends); they are
/// used as they are (see <see cref="ConfidenceSequence"/>).
/// <see cref="LatencyProblem"/> says why <see cref="Latency"/> is missing when it is.
/// </summary>
public sealed record VersionCounts(double Requests, double Errors, LatencyHistogram? Latency, string? LatencyProblem = null)
{
    /// <summary>Counts with the raw buckets of one version, cleaned here (a bad histogram is recorded as the problem, not thrown).</summary>
    public static VersionCounts From(double requests, double errors, IEnumerable<HistogramBucket>? buckets)
    {
        if (buckets is null) return new VersionCounts(requests, errors, null, "no latency histogram");
        var histogram = LatencyHistogram.TryCreate(buckets, out var problem);
        return new VersionCounts(requests, errors, histogram, problem);
    }

    public static VersionCounts Missing { get; } = new(double.NaN, double.NaN, null, "no data");
}

/// <summary>
/// Canary and stable counts over the same window. The window must start at a fixed instant (the
/// rung's entry) and grow with every look: the sequences are valid over a growing sample, not over
/// a sliding one. <see cref="Window"/> is how long the counts cover; with it, "more requests
/// needed" is also told in time at the current traffic.
/// </summary>
public sealed record EvidenceInputs(VersionCounts Canary, VersionCounts Stable, TimeSpan? Window = null);
