using System.Globalization;

namespace CanaryDashboard.Tuning;

/// <summary>How the studio writes durations and numbers.</summary>
public static class TuningFormat
{
    /// <summary>"4 min 30 s", "45 s", "1 h 5 min"; "—" for none.</summary>
    public static string Duration(TimeSpan? span)
    {
        if (span is not { } t) return "—";
        if (t.TotalHours >= 1) return $"{(int)t.TotalHours} h {t.Minutes} min";
        if (t.TotalMinutes >= 1) return t.Seconds == 0 ? $"{(int)t.TotalMinutes} min" : $"{(int)t.TotalMinutes} min {t.Seconds} s";
        return $"{t.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s";
    }

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
