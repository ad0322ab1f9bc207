using System.Globalization;
using CanaryDashboard.Data.Queries;

namespace CanaryDashboard.Api;

/// <summary>
/// Reads query-string parameters and collects every problem (parameter → reasons), so a bad
/// request is answered with all of them at once as a 400 validation problem.
/// </summary>
internal sealed class QueryParameters(IQueryCollection query)
{
    public Dictionary<string, string[]> Problems { get; } = new(StringComparer.Ordinal);

    public bool HasProblems => Problems.Count > 0;

    public void Problem(string name, string reason) =>
        Problems[name] = Problems.TryGetValue(name, out var existing) ? [.. existing, reason] : [reason];

    public DateTimeOffset? Time(string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            return value;
        Problem(name, $"must be an ISO 8601 time such as 2026-11-26T15:00:00Z (was '{text}')");
        return null;
    }

    public int Limit(int defaultValue, int max)
    {
        var text = query["limit"].ToString();
        if (text.Length == 0)
            return defaultValue;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
            return value;
        Problem("limit", $"must be a whole number from 1 to {max} (was '{text}')");
        return defaultValue;
    }

    /// <summary>The page cursor, as <c>cursor</c> or its alias <c>after</c>.</summary>
    public Cursor? Cursor()
    {
        var name = query.ContainsKey("cursor") ? "cursor" : "after";
        var text = query[name].ToString();
        if (text.Length == 0)
            return null;
        if (Data.Queries.Cursor.TryParse(text, out var cursor))
            return cursor;
        Problem(name, $"is not a cursor this API returned (was '{text}')");
        return null;
    }

    public TEnum? Enum<TEnum>(string name) where TEnum : struct, Enum
    {
        var text = query[name].ToString();
        if (text.Length == 0)
            return null;
        // Names only: Enum.TryParse would also take "7".
        foreach (var candidate in System.Enum.GetNames<TEnum>())
        {
            if (string.Equals(candidate, text, StringComparison.OrdinalIgnoreCase))
                return System.Enum.Parse<TEnum>(candidate);
        }
        Problem(name, $"must be one of {string.Join(", ", System.Enum.GetNames<TEnum>())} (was '{text}')");
        return null;
    }

    public string? Text(string name) => query[name].ToString() is { Length: > 0 } text ? text : null;
}
