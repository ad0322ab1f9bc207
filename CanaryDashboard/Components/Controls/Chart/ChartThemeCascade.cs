namespace CanaryDashboard.Components.Controls.Chart;

/// <summary>Name of the cascading <c>bool</c> (dark mode on) that the layout gives every chart.</summary>
public static class ChartThemeCascade
{
    public const string DarkMode = "DashboardDarkMode";
}
