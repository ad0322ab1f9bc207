using System.Text.RegularExpressions;

namespace CanaryDashboard.Configuration;

/// <summary>Syntax checks for the Prometheus values an operator types into configuration.</summary>
public static partial class PromDuration
{
    public static bool IsValid(string? value) => value is not null && DurationRegex().IsMatch(value);

    public static bool IsLabelName(string? value) => value is not null && LabelRegex().IsMatch(value);

    [GeneratedRegex(@"^([0-9]+(ms|s|m|h|d|w|y))+$")]
    private static partial Regex DurationRegex();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelRegex();
}
