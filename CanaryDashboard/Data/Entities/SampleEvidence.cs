using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Data.Entities;

/// <summary>
/// The evidence one raw sample's decision weighed (<see cref="EvidenceAssessment"/>), all null on
/// samples without it (rows from before it was recorded, or no counts could be read).
/// Deltas are fractions like <see cref="SampleValues"/>' (p99 relative, errors absolute).
/// <para>
/// Interval ends: SQLite has no infinity, so an infinite end is stored as <c>null</c>. An interval
/// is present when either end is set; a null end of a present interval is infinite (a null
/// <c>High</c> is "no upper bound yet": a p99 above the top bucket). An interval infinite at both
/// ends says nothing and is stored as absent.
/// </para>
/// Not folded into minute aggregates: an average of intervals is no interval, and replays read raw samples.
/// </summary>
public sealed class SampleEvidence
{
    public EvidenceVerdict? Verdict { get; set; }
    /// <summary>Where the counts start (the rung's entry as read).</summary>
    public DateTimeOffset? Since { get; set; }
    public double? LatencyDelta { get; set; }
    public double? LatencyLow { get; set; }
    public double? LatencyHigh { get; set; }
    public double? ErrorDelta { get; set; }
    public double? ErrorLow { get; set; }
    public double? ErrorHigh { get; set; }
    public double? CanaryRequests { get; set; }
    public double? CanaryErrors { get; set; }
    public double? StableRequests { get; set; }
    public double? StableErrors { get; set; }
    /// <summary>Both versions' counts with the histogram buckets (<c>EvidenceCountsCodec</c>), for replays.</summary>
    public string? Counts { get; set; }

    /// <summary>The names of the stored fields, in declaration order (the inserter and the configuration walk them).</summary>
    public static IReadOnlyList<string> FieldNames { get; } = typeof(SampleEvidence).GetProperties().Where(p => p.GetMethod is { IsStatic: false }).Select(p => p.Name).ToArray();

    /// <summary>The column of a field: "Evidence" + its name, beside the raw sample's own columns.</summary>
    public static string ColumnOf(string field) => "Evidence" + field;

    /// <summary>The stored interval (see the class remarks for how null ends read).</summary>
    public static Interval? ToInterval(double? low, double? high) =>
        low is null && high is null ? null : new Interval(low ?? double.NegativeInfinity, high ?? double.PositiveInfinity);

    /// <summary>An end as stored: null for ±∞ (and NaN).</summary>
    public static double? End(double value) => double.IsFinite(value) ? value : null;
}
