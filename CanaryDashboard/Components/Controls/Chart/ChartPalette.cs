namespace CanaryDashboard.Components.Controls.Chart;

/// <summary>
/// Chart colours for one theme. Plotly draws in SVG with explicit colours (it cannot read the
/// MudBlazor CSS variables), so the palette follows <see cref="Layout.DashboardTheme"/> by hand:
/// transparent backgrounds so the page's paper shows through, text and grid readable on it.
/// </summary>
public sealed record ChartPalette(string Text, string Grid, string Zero, string HoverBackground, IReadOnlyDictionary<ChartColor, string> Colors)
{
    public string this[ChartColor color] => Colors[color];

    public static ChartPalette Light { get; } = new("#263238", "#e0e0e0", "#9e9e9e", "#ffffff", new Dictionary<ChartColor, string>
    {
        [ChartColor.Primary] = "#8a6d00",
        [ChartColor.Secondary] = "#455a64",
        [ChartColor.Good] = "#2e7d32",
        [ChartColor.Warning] = "#ef6c00",
        [ChartColor.Bad] = "#c62828",
        [ChartColor.Info] = "#1565c0",
        [ChartColor.Neutral] = "#757575",
    });

    public static ChartPalette Dark { get; } = new("#e0e0e0", "#424242", "#757575", "#263238", new Dictionary<ChartColor, string>
    {
        [ChartColor.Primary] = "#ffd54f",
        [ChartColor.Secondary] = "#90a4ae",
        [ChartColor.Good] = "#81c784",
        [ChartColor.Warning] = "#ffb74d",
        [ChartColor.Bad] = "#e57373",
        [ChartColor.Info] = "#64b5f6",
        [ChartColor.Neutral] = "#bdbdbd",
    });

    public static ChartPalette For(bool darkMode) => darkMode ? Dark : Light;
}
