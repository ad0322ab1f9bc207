using System.Globalization;
using CanaryDashboard.Components.Controls.Chart;
using CanaryDashboard.Engine;

namespace CanaryDashboard.Tuning;

/// <summary>
/// The studio's two engine charts, sampled on the server by <see cref="CurveSampler"/> (the
/// engine's own formula; the browser only draws): safe weight against latency delta, one line per
/// error delta, and the weight over (latency delta × error delta) with the breach region marked.
/// </summary>
public static class TuningCharts
{
    /// <summary>−20 % … +60 % p99, every 0.5 %.</summary>
    public static readonly SampleRange LatencyAxis = new(-0.2, 0.6, 161);

    /// <summary>Heat map columns: −20 % … +60 %, every 1 %.</summary>
    public static readonly SampleRange GridLatencyAxis = new(-0.2, 0.6, 81);

    /// <summary>Heat map rows: −1 pp … +5 pp, every 0.1 pp.</summary>
    public static readonly SampleRange GridErrorAxis = new(-0.01, 0.05, 61);

    private static readonly ChartColor[] LineColors = [ChartColor.Primary, ChartColor.Info, ChartColor.Warning, ChartColor.Secondary, ChartColor.Good, ChartColor.Neutral];

    /// <summary>
    /// The safe weight (0 where a threshold is breached) against latency delta for each error delta,
    /// the live rollout's point and its own line when given, and the latency threshold.
    /// </summary>
    public static ChartModel Curves(EngineParameters parameters, IReadOnlyList<double> errorDeltas, LivePoint? live = null)
    {
        ArgumentNullException.ThrowIfNull(errorDeltas);
        var deltas = live is null ? errorDeltas : [.. errorDeltas, live.ErrorDelta];
        var curves = CurveSampler.Curves(LatencyAxis, deltas, parameters);
        var series = new List<ChartSeries>(curves.Length + 1);
        for (var i = 0; i < curves.Length; i++)
        {
            var isLive = live is not null && i == curves.Length - 1;
            var points = curves[i].Points;
            var x = new object[points.Length];
            var y = new double?[points.Length];
            for (var p = 0; p < points.Length; p++)
            {
                x[p] = points[p].LatencyDelta;
                y[p] = points[p].SafeWeight;
            }
            series.Add(new ChartSeries(isLive ? $"{live!.Rollout} errors {Pp(curves[i].ErrorDelta)}" : "errors " + Pp(curves[i].ErrorDelta), x, y)
            {
                Color = isLive ? ChartColor.Bad : LineColors[i % LineColors.Length],
                HoverFormat = ".1f",
            });
        }
        if (live is not null)
        {
            series.Add(new ChartSeries($"{live.Rollout} now", [live.LatencyDelta], [live.Candidate.SafeWeight])
            {
                Style = ChartSeriesStyle.Markers,
                Color = ChartColor.Bad,
                HoverFormat = ".1f",
            });
        }
        return new ChartModel
        {
            Series = series,
            XAxisTitle = "latency delta (canary p99 vs stable)",
            YAxisTitle = "safe weight %",
            XTickFormat = ".0%",
            YRange = (0, 105),
            XRange = (LatencyAxis.From, LatencyAxis.To),
            VerticalLines = [new ChartVerticalLine("latency threshold", parameters.LatencyThreshold)],
            ReferenceLines = [new ChartReferenceLine("max weight", parameters.MaxWeight, ChartColor.Neutral)],
        };
    }

    /// <summary>The interpolated weight over the grid, breach cells marked, and the live point when given.</summary>
    public static ChartModel Heatmap(EngineParameters parameters, LivePoint? live = null)
    {
        var grid = CurveSampler.Grid(GridLatencyAxis, GridErrorAxis, parameters);
        var series = new List<ChartSeries>();
        if (live is not null)
        {
            series.Add(new ChartSeries($"{live.Rollout} now", [live.LatencyDelta], [live.ErrorDelta])
            {
                Style = ChartSeriesStyle.Markers,
                // Not red: the breach region is drawn in red.
                Color = ChartColor.Neutral,
            });
        }
        return new ChartModel
        {
            Heatmap = new ChartHeatmap(grid.LatencyDeltas, grid.ErrorDeltas, grid.Weights)
            {
                Marked = grid.Breach,
                MarkedName = "breach (circuit breaker opens)",
                ZTitle = "weight %",
                ZRange = (0, 100),
                HoverTemplate = "latency %{x:+.0%}<br>errors %{y:+.1%}<br>weight %{z:.1f}<extra></extra>",
            },
            Series = series,
            XAxisTitle = "latency delta",
            YAxisTitle = "error delta",
            XTickFormat = ".0%",
            YTickFormat = ".1%",
        };
    }

    /// <summary>An error delta (fraction) as signed percentage points: 0.005 → "+0.5 pp".</summary>
    public static string Pp(double fraction) =>
        (fraction * 100).ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture) + " pp";
}
