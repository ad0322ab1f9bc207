using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Controller;

/// <summary>Argo's pause duration: an integer number of seconds, or a string such as <c>30s</c>, <c>5m</c>, <c>1h</c>.</summary>
internal static class StepDuration
{
    public static TimeSpan? Parse(JsonNode? node)
    {
        if (Json.Long(node) is { } seconds)
            return TimeSpan.FromSeconds(seconds);
        var text = Json.Str(node)?.Trim();
        if (string.IsNullOrEmpty(text))
            return null;
        var total = TimeSpan.Zero;
        var number = "";
        foreach (var c in text)
        {
            if (char.IsDigit(c) || c == '.') { number += c; continue; }
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return null;
            TimeSpan? part = c switch
            {
                's' => TimeSpan.FromSeconds(value),
                'm' => TimeSpan.FromMinutes(value),
                'h' => TimeSpan.FromHours(value),
                _ => null,
            };
            if (part is null) return null;
            total += part.Value;
            number = "";
        }
        return number.Length == 0 ? total : null;
    }
}
