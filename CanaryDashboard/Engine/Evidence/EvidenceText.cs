using System.Globalization;

namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// The evidence in plain words: "p99 +8 % [−3 %, +19 %] at 95 %, 1,240 requests",
/// "errors +0.4 pp [−0.1, +0.9] at 95 %, 1,240 requests". Negative numbers use the minus sign (−).
/// </summary>
internal static class EvidenceText
{
    private const char Minus = '\u2212';

    public static string Describe(ErrorRateEvidence e)
    {
        if (e.Canary is null || e.DeltaInterval is not { } interval || e.Delta is not { } delta)
            return $"errors: no evidence ({e.Problem})";
        var text = $"errors {Pp(delta, true)} pp [{Pp(interval.Lower, true)}, {Pp(interval.Upper, true)}] at {Confidence(e.Confidence)}, {Count(e.Canary.Requests)} requests";
        return text + Conclusion(e.Verdict, e.Problem, $"{Pp(e.Threshold, false, "0.##")} pp", e.Threshold, interval);
    }

    public static string Describe(LatencyEvidence e)
    {
        var name = QuantileName(e.Quantile);
        if (e.Canary is not { } c || e.Stable is not { } s || e.DeltaInterval is not { } interval)
            return $"{name}: no evidence ({e.Problem})";
        var range = $"[{Percent(interval.Lower)}, {Percent(interval.Upper)}] at {Confidence(e.Confidence)}, {Count(c.Count)} requests";
        string text;
        if (e.Delta is { } delta)
            text = $"{name} {Percent(delta)} {range}";
        else
        {
            var above = new List<string>(2);
            if (c.AboveTopBucket) above.Add($"the canary's (> {Seconds(c.TopFiniteBound)}, {Percent(c.ShareAboveTop, signed: false)} of its requests above it)");
            if (s.AboveTopBucket) above.Add($"stable's (> {Seconds(s.TopFiniteBound)}, {Percent(s.ShareAboveTop, signed: false)} of its requests above it)");
            var what = above.Count > 0 ? $"above the top bucket for {string.Join(" and ", above)}" : "unknown";
            text = e.DeltaAtLeast is { } least
                ? $"{name} {what}: at least {Percent(least)} {range}"
                : $"{name} {what}: delta unknown {range}";
        }
        return text + Conclusion(e.Verdict, e.Problem, Percent(e.Threshold, signed: false), e.Threshold, interval);
    }

    public static string Describe(EvidenceAssessment assessment, EvidenceNeeded? needed)
    {
        var latency = assessment.Latency.Reason;
        var errors = assessment.Errors.Reason;
        return assessment.Verdict switch
        {
            EvidenceVerdict.Breach => "breach: " + (assessment.Latency.Verdict == EvidenceVerdict.Breach
                ? assessment.Errors.Verdict == EvidenceVerdict.Breach ? $"{latency}; {errors}" : $"{latency} (and {errors})"
                : $"{errors} (and {latency})"),
            EvidenceVerdict.WithinThreshold => $"within thresholds: {latency}; {errors}",
            _ => $"hold: {latency}; {errors}" + (needed is null ? "" : "; " + Describe(needed)),
        };
    }

    public static string Describe(EvidenceNeeded needed)
    {
        if (needed.MoreCanaryRequests is not { } more)
            return "no amount of traffic decides at these estimates (an estimate sits on its threshold, or a quantile is above the top bucket)";
        var goal = needed.Expected == EvidenceVerdict.Breach ? "to show the breach" : "to show it within the thresholds";
        var time = needed.MoreTime is { } t && needed.CanaryRequestsPerSecond is { } rate
            ? $" (≈ {Duration(t)} at {Rate(rate)} req/s)"
            : "";
        return $"about {Count(Math.Ceiling(more))} more canary requests{time} {goal}, if the estimates hold";
    }

    private static string Conclusion(EvidenceVerdict verdict, string? problem, string thresholdText, double threshold, Interval interval)
    {
        if (problem is not null) return $" ({problem})";
        return verdict switch
        {
            EvidenceVerdict.Breach when interval.Lower > threshold => $": above the {thresholdText} threshold",
            EvidenceVerdict.Breach => $": worse than stable, estimate above the {thresholdText} threshold",
            EvidenceVerdict.WithinThreshold => $": within the {thresholdText} threshold",
            _ => $": not yet clear of the {thresholdText} threshold",
        };
    }

    public static string QuantileName(double quantile) => "p" + (quantile * 100).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Count(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "∞"
        : double.IsNegativeInfinity(value) ? Minus + "∞"
        : Signed(Math.Round(value, MidpointRounding.AwayFromZero), "#,0", false);

    /// <summary>A fraction as percent: whole numbers from 10 %, one decimal below.</summary>
    public static string Percent(double fraction, bool signed = true)
    {
        if (double.IsPositiveInfinity(fraction)) return "∞";
        var value = fraction * 100;
        return Signed(value, Math.Abs(value) >= 9.95 ? "0" : "0.#", signed) + " %";
    }

    /// <summary>A fraction as percentage points, one or two decimals.</summary>
    public static string Pp(double fraction, bool signed, string format = "0.0#") => Signed(fraction * 100, format, signed);

    public static string Confidence(double confidence) => (confidence * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    public static string Seconds(double seconds) =>
        seconds >= 1 ? seconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"
        : (seconds * 1000).ToString("0.###", CultureInfo.InvariantCulture) + " ms";

    public static string Rate(double perSecond) => perSecond.ToString(perSecond >= 10 ? "#,0" : "0.#", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan t)
    {
        var seconds = (long)Math.Ceiling(t.TotalSeconds);
        if (seconds < 60) return $"{seconds} s";
        if (seconds < 3600) return seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s";
        var minutes = (seconds + 59) / 60;
        return minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";
    }

    /// <summary>Formats |value| and puts the sign in front: "+" above 0, "−" below, none when it rounds to 0.</summary>
    private static string Signed(double value, string format, bool signed)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return (value < 0 ? Minus.ToString() : signed ? "+" : "") + "∞";
        var magnitude = Math.Abs(value).ToString(format, CultureInfo.InvariantCulture);
        if (magnitude.All(ch => ch is '0' or '.' or ',')) return magnitude;
        return value < 0 ? Minus + magnitude : signed ? "+" + magnitude : magnitude;
    }
}
