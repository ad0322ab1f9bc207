using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Live;

namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>
/// A delta since the rung's entry with its interval (fractions; an end may be infinite). The
/// estimate is null when a quantile is above its top bucket: the interval's lower end then tells the least it is.
/// </summary>
public sealed record DeltaBand(double? Estimate, Interval Interval);

/// <summary>
/// The bands the deltas chart draws around its lines: the p99 and error-rate deltas' anytime-valid
/// intervals from a sample's evidence, with hover text in words ("no upper bound yet" for an
/// infinite end: a p99 above the top bucket).
/// </summary>
public static class EvidenceBands
{
    public static DeltaBand? Latency(LiveSample s) =>
        s.Evidence?.Latency is { DeltaInterval: { } i } l ? new(l.Delta, i) : null;

    public static DeltaBand? Errors(LiveSample s) =>
        s.Evidence?.Errors is { DeltaInterval: { } i } e ? new(e.Delta, i) : null;

    /// <summary>"p99 since the rung's entry +8 % [−3 %, +19 %]", "… [+30 %, no upper bound yet]".</summary>
    public static string? LatencyText(LiveSample s) => Latency(s) is { } b
        ? $"p99 since the rung's entry {(b.Estimate is { } d ? EvidenceText.Percent(d) + " " : "")}[{End(b.Interval.Lower, d => EvidenceText.Percent(d))}, {End(b.Interval.Upper, d => EvidenceText.Percent(d))}]"
        : null;

    /// <summary>"errors since the rung's entry +0.4 pp [−0.1 pp, +0.9 pp]".</summary>
    public static string? ErrorText(LiveSample s) => Errors(s) is { } b
        ? $"errors since the rung's entry {(b.Estimate is { } d ? Pp(d) + " " : "")}[{End(b.Interval.Lower, Pp)}, {End(b.Interval.Upper, Pp)}]"
        : null;

    private static string Pp(double fraction) => EvidenceText.Pp(fraction, true) + " pp";

    private static string End(double value, Func<double, string> format) =>
        double.IsPositiveInfinity(value) ? "no upper bound yet"
        : double.IsNegativeInfinity(value) ? "no lower bound yet"
        : format(value);
}
