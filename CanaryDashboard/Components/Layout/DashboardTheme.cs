using MudBlazor;

namespace CanaryDashboard.Components.Layout;

/// <summary>The dashboard's palette: canary yellow as the accent, neutral greys, system fonts only.</summary>
public static class DashboardTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#8a6d00",
            Secondary = "#455a64",
            AppbarBackground = "#263238",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#ffd54f",
            Secondary = "#90a4ae",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
            },
        },
    };
}
