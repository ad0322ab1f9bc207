using CanaryDashboard.Components.Controls.Chart;

namespace CanaryDashboard.Roi;

/// <summary>The ROI page's bar chart: the static and dynamic cost components side by side.</summary>
public static class RoiChart
{
    /// <summary>The x categories; Plotly breaks labels at <c>&lt;br&gt;</c>, which keeps them horizontal.</summary>
    public static readonly IReadOnlyList<object> Components =
        ["Rollback<br>impact", "Overprovisioning<br>waste", "Right-sizing<br>savings", "Monthly<br>cost"];

    /// <summary>
    /// Static and dynamic series from <paramref name="assumed"/>, and a third "measured" series when
    /// <paramref name="measured"/> is given. A component a strategy does not have (the dynamic
    /// strategy has no overprovisioning, the static one no right-sizing) is left out, not drawn as 0.
    /// </summary>
    public static ChartModel Build(RoiResult assumed, RoiResult? measured = null)
    {
        ArgumentNullException.ThrowIfNull(assumed);
        List<ChartSeries> series =
        [
            Bars("Static canary", ChartColor.Secondary,
                [assumed.Static.Rollback.RollbackImpact, assumed.Static.OverprovisioningWaste, null, assumed.Static.TotalBaselineCost]),
            Bars(measured is null ? "Dynamic canary" : "Dynamic canary (assumed)", ChartColor.Primary, Dynamic(assumed)),
        ];
        if (measured is not null)
            series.Add(Bars("Dynamic canary (measured)", ChartColor.Info, Dynamic(measured)));

        return new ChartModel
        {
            Series = series,
            YAxisTitle = "$ per month",
            YTickFormat = "$,.0f",
        };
    }

    private static double?[] Dynamic(RoiResult r) =>
        [r.Dynamic.Rollback.RollbackImpact, null, r.Dynamic.RightSizingSavings, r.Dynamic.TotalDynamicCost];

    private static ChartSeries Bars(string name, ChartColor color, double?[] values) =>
        new(name, Components, values)
        {
            Style = ChartSeriesStyle.Bar,
            Color = color,
            // Whole dollars on the bars (cents do not fit); the table and hover give the cents.
            Labels = values.Select(v => v is { } x ? RoiFormat.WholeDollars(x) : "").ToList(),
            HoverFormat = "$,.2f",
        };
}
