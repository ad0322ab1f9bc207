using Plotly.Blazor;
using Plotly.Blazor.ConfigLib;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace CanaryDashboard.Components.Controls.Chart;

/// <summary>
/// Turns a <see cref="ChartModel"/> into Plotly traces, layout and config for a theme. Pure: no
/// JavaScript, no component, so what a chart shows is unit-tested without a browser.
/// </summary>
public static class ChartFigureBuilder
{
    private const string FontFamily = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif";

    public static ChartFigure Build(ChartModel model, ChartPalette palette)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(palette);
        var data = new List<ITrace>();
        if (model.Heatmap is { } heatmap)
            data.AddRange(HeatmapTraces(heatmap, palette));
        data.AddRange(model.Series.Select(s => Trace(s, palette)));
        return new ChartFigure(data, Layout(model, palette), Config());
    }

    /// <summary>One trace; x and y are copied so appends to the drawn figure never touch the model.</summary>
    public static ITrace Trace(ChartSeries series, ChartPalette palette)
    {
        var color = palette[series.Color];
        var x = series.X.ToList();
        var y = series.Y.Select(v => (object)v!).ToList();
        var hover = series.HoverFormat is { } f ? $"%{{x}}: %{{y:{f}}}<extra>{series.Name}</extra>" : null;

        if (series.Style == ChartSeriesStyle.Bar)
        {
            return new Bar
            {
                Name = series.Name,
                X = x,
                Y = y,
                Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = color },
                TextArray = series.Labels?.ToList(),
                TextPosition = series.Labels is null ? null : Plotly.Blazor.Traces.BarLib.TextPositionEnum.Outside,
                TextFont = series.Labels is null ? null : new Plotly.Blazor.Traces.BarLib.TextFont { Color = palette.Text, Size = 12 },
                ClipOnAxis = false,
                HoverTemplate = hover,
            };
        }

        if (series.Style is ChartSeriesStyle.Band or ChartSeriesStyle.BandEdge)
            return BandTrace(series, x, y, color);

        return new Scatter
        {
            Name = series.Name,
            X = x,
            Y = y,
            Mode = series.Style == ChartSeriesStyle.Markers
                ? Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers
                : Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines,
            Line = new Plotly.Blazor.Traces.ScatterLib.Line
            {
                Color = color,
                Width = 2,
                Shape = series.Style == ChartSeriesStyle.Step
                    ? Plotly.Blazor.Traces.ScatterLib.LineLib.ShapeEnum.Hv
                    : Plotly.Blazor.Traces.ScatterLib.LineLib.ShapeEnum.Linear,
            },
            Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Color = color, Size = 8 },
            ConnectGaps = false,
            HoverTemplate = hover,
        };
    }

    /// <summary>
    /// One edge of a band: the lower edge invisible, the upper filled down to it ("tonexty") in the
    /// series colour at a quarter opacity, which reads on light and dark paper alike and keeps the
    /// lines drawn over it visible. One trace per series, so live appends extend both edges.
    /// </summary>
    private static Scatter BandTrace(ChartSeries series, List<object> x, List<object> y, string color)
    {
        var upper = series.Style == ChartSeriesStyle.Band;
        return new Scatter
        {
            Name = series.Name,
            X = x,
            Y = y,
            Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines,
            Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = color, Width = 0 },
            Fill = upper ? Plotly.Blazor.Traces.ScatterLib.FillEnum.ToNextY : Plotly.Blazor.Traces.ScatterLib.FillEnum.None,
            FillColor = upper ? Translucent(color, 0.25) : null,
            ShowLegend = upper,
            ConnectGaps = false,
            HoverTextArray = series.HoverTexts?.Select(t => t ?? "").ToList(),
            HoverTemplate = !upper ? "<extra></extra>" : series.HoverTexts is null ? null : "%{hovertext}<extra></extra>",
            HoverInfo = upper ? null : Plotly.Blazor.Traces.ScatterLib.HoverInfoFlag.Skip,
        };
    }

    /// <summary>"#rrggbb" as "rgba(r,g,b,a)" (Plotly fills take no CSS variables).</summary>
    public static string Translucent(string hex, double alpha)
    {
        var rgb = Convert.ToInt32(hex.TrimStart('#'), 16);
        return FormattableString.Invariant($"rgba({(rgb >> 16) & 0xff},{(rgb >> 8) & 0xff},{rgb & 0xff},{alpha})");
    }

    /// <summary>The heat map, and the marked region over it as a second, single-colour translucent heat map.</summary>
    public static IEnumerable<ITrace> HeatmapTraces(ChartHeatmap heatmap, ChartPalette palette)
    {
        ArgumentNullException.ThrowIfNull(heatmap);
        var columns = heatmap.X.Count;
        if (heatmap.Z.Count != columns * heatmap.Y.Count)
            throw new ArgumentException($"the heat map has {heatmap.Z.Count} cells, not {columns} × {heatmap.Y.Count}", nameof(heatmap));
        var x = heatmap.X.Select(v => (object)v).ToList();
        var y = heatmap.Y.Select(v => (object)v).ToList();
        var rows = new List<object>(heatmap.Y.Count);
        for (var r = 0; r < heatmap.Y.Count; r++)
        {
            var row = new double[columns];
            for (var c = 0; c < columns; c++) row[c] = heatmap.Z[r * columns + c];
            rows.Add(row);
        }
        yield return new HeatMap
        {
            Name = heatmap.ZTitle ?? "value",
            X = x,
            Y = y,
            Z = rows,
            ColorScale = "Viridis",
            ZMin = heatmap.ZRange is { } z ? (decimal)z.Min : null,
            ZMax = heatmap.ZRange is { } zr ? (decimal)zr.Max : null,
            ShowScale = true,
            ColorBar = new Plotly.Blazor.Traces.HeatMapLib.ColorBar
            {
                Title = heatmap.ZTitle is null ? null : new Plotly.Blazor.Traces.HeatMapLib.ColorBarLib.Title { Text = heatmap.ZTitle },
                Thickness = 14,
                OutlineWidth = 0,
            },
            HoverTemplate = heatmap.HoverTemplate,
            ShowLegend = false,
        };

        if (heatmap.Marked is { } marked)
        {
            if (marked.Count != heatmap.Z.Count)
                throw new ArgumentException($"the marked region has {marked.Count} cells, the heat map {heatmap.Z.Count}", nameof(heatmap));
            var maskRows = new List<object>(heatmap.Y.Count);
            for (var r = 0; r < heatmap.Y.Count; r++)
            {
                var row = new object?[columns];
                for (var c = 0; c < columns; c++) row[c] = marked[r * columns + c] ? 1 : null;
                maskRows.Add(row);
            }
            var color = palette[heatmap.MarkedColor];
            yield return new HeatMap
            {
                Name = heatmap.MarkedName,
                X = x,
                Y = y,
                Z = maskRows,
                ColorScale = new object[] { new object[] { 0, color }, new object[] { 1, color } },
                Opacity = 0.8m,
                ShowScale = false,
                ShowLegend = true,
                HoverTemplate = heatmap.MarkedName + "<extra></extra>",
            };
        }
    }

    private static PlotlyLayout Layout(ChartModel model, ChartPalette palette)
    {
        var yAxis = new YAxis
        {
            Title = model.YAxisTitle is null ? null : new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = model.YAxisTitle },
            GridColor = palette.Grid,
            ZeroLineColor = palette.Zero,
            TickFormat = model.YTickFormat,
            AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True,
        };
        if (model.YRange is { } range)
            yAxis.Range = [range.Min, range.Max];

        return new PlotlyLayout
        {
            PaperBgColor = "rgba(0,0,0,0)",
            PlotBgColor = "rgba(0,0,0,0)",
            Font = new Font { Color = palette.Text, Family = FontFamily, Size = 13 },
            AutoSize = true,
            Margin = new Margin { L = 16, R = 16, T = 24, B = 16 },
            // Bar labels keep one size instead of each shrinking to its bar's width.
            UniformText = new UniformText { Mode = Plotly.Blazor.LayoutLib.UniformTextLib.ModeEnum.Show, MinSize = 11 },
            ShowLegend = model.ShowLegend,
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.02m, YAnchor = Plotly.Blazor.LayoutLib.LegendLib.YAnchorEnum.Bottom, X = 0 }],
            BarMode = BarModeEnum.Group,
            HoverLabel = new HoverLabel { BgColor = palette.HoverBackground, Font = new Plotly.Blazor.LayoutLib.HoverLabelLib.Font { Color = palette.Text } },
            XAxis =
            [
                new XAxis
                {
                    Title = model.XAxisTitle is null ? null : new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = model.XAxisTitle },
                    GridColor = palette.Grid,
                    ZeroLineColor = palette.Zero,
                    Type = model.TimeAxis ? Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date : null,
                    TickFormat = model.XTickFormat,
                    Range = model.XRange is { } xRange ? [xRange.Min, xRange.Max] : null,
                    AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True,
                },
            ],
            YAxis = [yAxis],
            Shapes = model.ReferenceLines.Select(line => new Shape
            {
                Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line,
                XRef = "paper",
                X0 = 0,
                X1 = 1,
                Y0 = line.Y,
                Y1 = line.Y,
                Name = line.Name,
                Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = palette[line.Color], Dash = "dash", Width = 1.5m },
            }).Concat(model.VerticalLines.Select(line => new Shape
            {
                Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line,
                YRef = "paper",
                Y0 = 0,
                Y1 = 1,
                X0 = line.X,
                X1 = line.X,
                Name = line.Name,
                Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = palette[line.Color], Dash = "dot", Width = 1.5m },
            })).ToList(),
        };
    }

    private static Config Config() => new()
    {
        Responsive = true,
        DisplayLogo = false,
        DisplayModeBar = DisplayModeBarEnum.False,
    };
}
