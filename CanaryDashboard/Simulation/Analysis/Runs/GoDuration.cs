using System.Globalization;

namespace CanaryDashboard.Simulation.Analysis.Runs;

/// <summary>
/// Go's <c>time.ParseDuration</c>, which Argo's <c>DurationString</c> uses for a metric's
/// <c>interval</c> and <c>initialDelay</c> (analysis_types.go): a sequence of decimal numbers with a
/// unit each (<c>ns us µs ms s m h</c>), e.g. <c>30s</c>, <c>1m30s</c>, <c>1.5h</c>; <c>0</c> alone is allowed.
/// </summary>
public static class GoDuration
{
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration, out var error) ? duration : throw new FormatException(error);

    public static bool TryParse(string? text, out TimeSpan duration, out string? error)
    {
        duration = TimeSpan.Zero;
        error = null;
        var original = text ?? "";
        var s = original;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0")
            return true;
        if (s.Length == 0)
            return Fail(out error, $"time: invalid duration \"{original}\"");
        double totalNanoseconds = 0;
        while (s.Length > 0)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
                numberLength++;
            if (numberLength == 0 || s[..numberLength] == "." ||
                !double.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                return Fail(out error, $"time: invalid duration \"{original}\"");
            s = s[numberLength..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.')
                unitLength++;
            if (unitLength == 0)
                return Fail(out error, $"time: missing unit in duration \"{original}\"");
            var unit = s[..unitLength];
            s = s[unitLength..];
            double? nanosecondsPerUnit = unit switch
            {
                "ns" => 1,
                "us" or "µs" or "μs" => 1e3,
                "ms" => 1e6,
                "s" => 1e9,
                "m" => 60e9,
                "h" => 3600e9,
                _ => null,
            };
            if (nanosecondsPerUnit is null)
                return Fail(out error, $"time: unknown unit \"{unit}\" in duration \"{original}\"");
            totalNanoseconds += value * nanosecondsPerUnit.Value;
        }
        duration = TimeSpan.FromTicks((long)Math.Round(totalNanoseconds / 100)) * (negative ? -1 : 1);
        return true;
    }

    private static bool Fail(out string? error, string message)
    {
        error = message;
        return false;
    }
}
