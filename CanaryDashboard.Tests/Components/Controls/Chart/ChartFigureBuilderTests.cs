using CanaryDashboard.Components.Controls.Chart;
using Plotly.Blazor.Traces;

namespace CanaryDashboard.Tests.Components.Controls.Chart;

/// <summary>The pure half of the chart control: what traces and layout a model becomes, per theme.</summary>
public sealed class ChartFigureBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static ChartModel TimeSeries() => new()
    {
        TimeAxis = true,
        YAxisTitle = "weight %",
        YRange = (0, 100),
        Series =
        [
            new("actual weight", [T0, T0.AddSeconds(30)], [10, 25]) { Style = ChartSeriesStyle.Step },
            new("safe weight", [T0, T0.AddSeconds(30)], [40, null]) { Color = ChartColor.Good },
            new("breach", [T0.AddSeconds(30)], [0]) { Style = ChartSeriesStyle.Markers, Color = ChartColor.Bad },
        ],
        ReferenceLines = [new("latency threshold", 20)],
    };

    [Fact]
    public void Series_become_scatter_traces_in_order_with_their_style()
    {
        var figure = ChartFigureBuilder.Build(TimeSeries(), ChartPalette.Light);

        var traces = figure.Data.Cast<Scatter>().ToList();
        Assert.Equal(["actual weight", "safe weight", "breach"], traces.Select(t => t.Name));
        Assert.Equal(Plotly.Blazor.Traces.ScatterLib.LineLib.ShapeEnum.Hv, traces[0].Line.Shape);
        Assert.Equal(Plotly.Blazor.Traces.ScatterLib.LineLib.ShapeEnum.Linear, traces[1].Line.Shape);
        Assert.Equal(Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers, traces[2].Mode);
        Assert.Equal([T0, T0.AddSeconds(30)], traces[0].X.Cast<DateTimeOffset>());
        Assert.Equal([40d, null], traces[1].Y.Select(v => (double?)v));
    }

    [Fact]
    public void Colours_follow_the_theme()
    {
        var light = ChartFigureBuilder.Build(TimeSeries(), ChartPalette.Light);
        var dark = ChartFigureBuilder.Build(TimeSeries(), ChartPalette.Dark);

        Assert.Equal(ChartPalette.Light[ChartColor.Good], ((Scatter)light.Data[1]).Line.Color);
        Assert.Equal(ChartPalette.Dark[ChartColor.Good], ((Scatter)dark.Data[1]).Line.Color);
        Assert.NotEqual(((Scatter)light.Data[1]).Line.Color, ((Scatter)dark.Data[1]).Line.Color);
        Assert.Equal(ChartPalette.Light.Text, light.Layout.Font.Color);
        Assert.Equal(ChartPalette.Dark.Text, dark.Layout.Font.Color);
        Assert.Equal(ChartPalette.Dark.Grid, dark.Layout.YAxis[0].GridColor);
        // Transparent, so the MudBlazor paper behind the chart shows through in both themes.
        Assert.Equal("rgba(0,0,0,0)", dark.Layout.PaperBgColor);
    }

    [Fact]
    public void Axes_reference_lines_and_config_come_from_the_model()
    {
        var figure = ChartFigureBuilder.Build(TimeSeries(), ChartPalette.Light);

        Assert.Equal(Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date, figure.Layout.XAxis[0].Type);
        Assert.Equal("weight %", figure.Layout.YAxis[0].Title.Text);
        Assert.Equal([0d, 100d], figure.Layout.YAxis[0].Range.Cast<double>());
        var line = Assert.Single(figure.Layout.Shapes);
        Assert.Equal((20m, 20m), (Convert.ToDecimal(line.Y0), Convert.ToDecimal(line.Y1)));
        Assert.Equal(ChartPalette.Light[ChartColor.Bad], line.Line.Color);
        Assert.True(figure.Config.Responsive);
        Assert.False(figure.Config.DisplayLogo);
    }

    [Fact]
    public void Bars_carry_their_labels_and_hover_format()
    {
        var model = new ChartModel
        {
            Series = [new("cost", ["a", "b"], [1.5, null]) { Style = ChartSeriesStyle.Bar, Labels = ["$1.50", ""], HoverFormat = "$,.2f" }],
        };

        var bar = Assert.IsType<Bar>(Assert.Single(ChartFigureBuilder.Build(model, ChartPalette.Dark).Data));
        Assert.Equal(["$1.50", ""], bar.TextArray.Select(t => t?.ToString()));
        Assert.Equal(ChartPalette.Dark[ChartColor.Primary], bar.Marker.Color);
        Assert.Contains("%{y:$,.2f}", bar.HoverTemplate);
    }

    [Fact]
    public void Traces_are_copies_so_appends_to_a_drawn_figure_leave_the_model_alone()
    {
        var model = TimeSeries();
        var figure = ChartFigureBuilder.Build(model, ChartPalette.Light);

        ((Scatter)figure.Data[0]).X.Add(T0.AddMinutes(1));

        Assert.Equal(2, model.Series[0].X.Count);
    }
}
