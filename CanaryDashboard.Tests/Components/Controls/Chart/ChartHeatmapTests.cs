using CanaryDashboard.Components.Controls.Chart;
using Plotly.Blazor.Traces;

namespace CanaryDashboard.Tests.Components.Controls.Chart;

/// <summary>The chart control's heat map (with a marked region) and vertical lines, as Plotly gets them.</summary>
public sealed class ChartHeatmapTests
{
    private static readonly ChartHeatmap TwoByThree = new([0.0, 0.1, 0.2], [0.0, 0.01], [100, 60, 30, 90, 50, 20])
    {
        Marked = [false, false, true, false, true, true],
        MarkedName = "breach",
        ZTitle = "weight %",
        ZRange = (0, 100),
    };

    [Fact]
    public void The_heat_map_comes_first_row_by_row_and_the_marked_region_over_it()
    {
        var figure = ChartFigureBuilder.Build(new ChartModel { Heatmap = TwoByThree, Series = [new("point", [0.1], [0.01]) { Style = ChartSeriesStyle.Markers }] }, ChartPalette.Light);

        Assert.Equal(3, figure.Data.Count);
        var weights = Assert.IsType<HeatMap>(figure.Data[0]);
        Assert.Equal([100.0, 60, 30], (double[])weights.Z[0]);
        Assert.Equal([90.0, 50, 20], (double[])weights.Z[1]);
        Assert.Equal(100m, weights.ZMax);
        var marked = Assert.IsType<HeatMap>(figure.Data[1]);
        Assert.Equal("breach", marked.Name);
        Assert.Equal([null, null, 1], (object?[])marked.Z[0]);
        Assert.Equal([null, 1, 1], (object?[])marked.Z[1]);
        Assert.IsType<Scatter>(figure.Data[2]);
    }

    [Fact]
    public void A_heat_map_of_the_wrong_shape_is_refused()
    {
        var wrong = TwoByThree with { Z = [1, 2, 3] };

        Assert.Throws<ArgumentException>(() => ChartFigureBuilder.Build(new ChartModel { Heatmap = wrong }, ChartPalette.Light));
    }

    [Fact]
    public void Vertical_lines_span_the_plot_at_their_x()
    {
        var figure = ChartFigureBuilder.Build(new ChartModel { VerticalLines = [new("latency threshold", 0.2)], XTickFormat = ".0%", XRange = (-0.2, 0.6) }, ChartPalette.Dark);

        var shape = Assert.Single(figure.Layout.Shapes);
        Assert.Equal(0.2, shape.X0);
        Assert.Equal(0.2, shape.X1);
        Assert.Equal("paper", shape.YRef);
        Assert.Equal(".0%", figure.Layout.XAxis[0].TickFormat);
        Assert.Equal([-0.2, 0.6], figure.Layout.XAxis[0].Range);
    }
}
