using CanaryDashboard.Backtest;
using CanaryDashboard.Components.Controls.Chart;

namespace CanaryDashboard.Tuning;

/// <summary>The backtest panel's chart: current and candidate counts side by side.</summary>
public static class BacktestChart
{
    public static readonly IReadOnlyList<object> Categories = ["Would abort", "Caught<br>regressions", "False<br>alarms", "Missed<br>regressions", "Reached<br>full weight"];

    public static ChartModel Build(BacktestComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new ChartModel
        {
            Series = [Bars("Current", ChartColor.Secondary, comparison.Current.Summary), Bars("Candidate", ChartColor.Primary, comparison.Candidate.Summary)],
            YAxisTitle = "runs",
        };
    }

    private static ChartSeries Bars(string name, ChartColor color, BacktestSummary s)
    {
        double?[] values = [s.WouldAbort, s.CaughtRegressions, s.FalseAlarms, s.MissedRegressions, s.ReachedFullWeight];
        return new ChartSeries(name, Categories, values)
        {
            Style = ChartSeriesStyle.Bar,
            Color = color,
            Labels = values.Select(v => v!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
        };
    }
}
