using System.Globalization;

namespace CanaryDashboard.Tuning;

/// <summary>The error deltas the curve chart draws a line for, typed as percentage points ("0, 0.5, 1, 2").</summary>
public static class ErrorDeltaList
{
    public const int MaxLines = 6;

    public static readonly IReadOnlyList<double> Default = [0, 0.005, 0.01, 0.02];

    public static string Format(IReadOnlyList<double> fractions) =>
        string.Join(", ", fractions.Select(f => (f * 100).ToString("0.###", CultureInfo.InvariantCulture)));

    /// <summary>The fractions, or the reason the text is refused.</summary>
    public static (IReadOnlyList<double>? Fractions, string? Problem) Parse(string? text)
    {
        var parts = (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return (null, "give at least one error delta in pp, e.g. 0, 0.5, 1");
        if (parts.Length > MaxLines) return (null, $"at most {MaxLines} lines");
        var values = new List<double>(parts.Length);
        foreach (var part in parts)
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var pp) || !double.IsFinite(pp))
                return (null, $"'{part}' is not a number");
            if (pp is < -100 or > 100) return (null, $"{part} pp is outside −100 … 100");
            values.Add(pp / 100);
        }
        return (values.Distinct().Order().ToList(), null);
    }
}
