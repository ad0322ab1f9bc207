using System.Text.RegularExpressions;

namespace CanaryDashboard.Configuration;

/// <summary>Syntax checks for the Prometheus values an operator types into configuration.</summary>
public static partial class PromDuration
{
    public static bool IsValid(string? value) => value is not null && DurationRegex().IsMatch(value);

    public static bool IsLabelName(string? value) => value is not null && LabelRegex().IsMatch(value);

    /// <summary>A valid duration ("5m", "1h30m", "20s") as a <see cref="TimeSpan"/>; null when invalid.</summary>
    public static TimeSpan? ToTimeSpan(string? value)
    {
        if (!IsValid(value)) return null;
        var total = TimeSpan.Zero;
        foreach (Match part in PartRegex().Matches(value!))
        {
            var n = double.Parse(part.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                "w" => TimeSpan.FromDays(7 * n),
                _ => TimeSpan.FromDays(365 * n),
            };
        }
        return total;
    }

    [GeneratedRegex(@"([0-9]+)(ms|s|m|h|d|w|y)")]
    private static partial Regex PartRegex();

    [GeneratedRegex(@"^([0-9]+(ms|s|m|h|d|w|y))+$")]
    private static partial Regex DurationRegex();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelRegex();
}
