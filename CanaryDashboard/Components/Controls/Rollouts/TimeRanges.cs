namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>A time range of the detail page's charts, as it appears in the URL (<c>?range=1h</c>).</summary>
public sealed record TimeRange(string Key, string Label, TimeSpan? Span);

public static class TimeRanges
{
    public static readonly TimeRange Live = new("live", "Live", null);

    public static readonly IReadOnlyList<TimeRange> All =
    [
        Live,
        new("15m", "15 m", TimeSpan.FromMinutes(15)),
        new("1h", "1 h", TimeSpan.FromHours(1)),
        new("6h", "6 h", TimeSpan.FromHours(6)),
        new("24h", "24 h", TimeSpan.FromHours(24)),
    ];

    /// <summary>The range named in the URL; an unknown or missing one is the live view.</summary>
    public static TimeRange Parse(string? key) => All.FirstOrDefault(r => string.Equals(r.Key, key, StringComparison.OrdinalIgnoreCase)) ?? Live;
}
