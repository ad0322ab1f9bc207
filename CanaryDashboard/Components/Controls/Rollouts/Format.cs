using System.Globalization;

namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>How the rollout pages print numbers and ages (invariant culture: the same on every server).</summary>
public static class Format
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>"5 s", "12 min", "3 h", "2 d".</summary>
    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero) age = TimeSpan.Zero;
        if (age.TotalSeconds < 60) return $"{(int)age.TotalSeconds} s";
        if (age.TotalMinutes < 60) return $"{(int)age.TotalMinutes} min";
        if (age.TotalHours < 48) return $"{(int)age.TotalHours} h";
        return $"{(int)age.TotalDays} d";
    }

    /// <summary>A relative latency delta as signed percent: 0.08 → "+8%".</summary>
    public static string LatencyDelta(double? delta) =>
        delta is { } d ? (d * 100).ToString("+0.#;-0.#;0", Inv) + "%" : "—";

    /// <summary>An absolute error-rate delta in percentage points: 0.001 → "+0.1 pp".</summary>
    public static string ErrorDelta(double? delta) =>
        delta is { } d ? (d * 100).ToString("+0.##;-0.##;0", Inv) + " pp" : "—";

    public static string Weight(double? weight) => weight is { } w ? w.ToString("0.#", Inv) : "—";

    public static string Number(double value, string format = "0.##") => value.ToString(format, Inv);
}
