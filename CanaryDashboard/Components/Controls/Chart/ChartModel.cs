namespace CanaryDashboard.Components.Controls.Chart;

/// <summary>How a series is drawn.</summary>
public enum ChartSeriesStyle
{
    Line,
    /// <summary>A line that holds its value until the next point (weights, ladder rungs).</summary>
    Step,
    Markers,
    Bar,
    /// <summary>The lower edge of a band: drawn as no line and not in the legend; the next series is its <see cref="Band"/>.</summary>
    BandEdge,
    /// <summary>The upper edge of a band, filled translucent down to the series before it (a <see cref="BandEdge"/>).</summary>
    Band,
}

/// <summary>A colour by meaning; <see cref="ChartPalette"/> maps it to a light or dark theme colour.</summary>
public enum ChartColor
{
    Primary,
    Secondary,
    Good,
    Warning,
    Bad,
    Info,
    Neutral,
}

/// <summary>
/// One series: points (x may be numbers, strings or <see cref="DateTimeOffset"/>; a null y is a gap)
/// and, for bars, optional labels drawn on them.
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<object> X, IReadOnlyList<double?> Y)
{
    public ChartSeriesStyle Style { get; init; } = ChartSeriesStyle.Line;

    public ChartColor Color { get; init; } = ChartColor.Primary;

    /// <summary>Text on each point (bars show it inside or above the bar); null for none.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Hover text format of y, in d3-format (e.g. <c>$,.2f</c>); null for Plotly's default.</summary>
    public string? HoverFormat { get; init; }

    /// <summary>Hover text per point (e.g. an interval in words); null for the y value.</summary>
    public IReadOnlyList<string?>? HoverTexts { get; init; }
}

/// <summary>A horizontal line across the plot, e.g. a threshold.</summary>
public sealed record ChartReferenceLine(string Name, double Y, ChartColor Color = ChartColor.Bad);

/// <summary>
/// What a chart shows, independent of how it is drawn (the Aspire dashboard's split): a page
/// computes one of these from its data and hands it to <see cref="DashboardChart"/>; a new
/// instance redraws the chart, <see cref="DashboardChart.AppendAsync"/> extends it in place.
/// </summary>
public sealed record ChartModel
{
    public IReadOnlyList<ChartSeries> Series { get; init; } = [];

    public IReadOnlyList<ChartReferenceLine> ReferenceLines { get; init; } = [];

    public string? XAxisTitle { get; init; }

    public string? YAxisTitle { get; init; }

    /// <summary>d3-format of the y tick labels (e.g. <c>$,.0f</c>, <c>.0%</c>); null for Plotly's default.</summary>
    public string? YTickFormat { get; init; }

    /// <summary>Fixed y range; null lets Plotly fit the data.</summary>
    public (double Min, double Max)? YRange { get; init; }

    /// <summary>True when x values are times: the x axis is a date axis.</summary>
    public bool TimeAxis { get; init; }

    public bool ShowLegend { get; init; } = true;

    /// <summary>A heat map drawn under the series; null for none.</summary>
    public ChartHeatmap? Heatmap { get; init; }

    /// <summary>Vertical lines across the plot (thresholds on the x axis).</summary>
    public IReadOnlyList<ChartVerticalLine> VerticalLines { get; init; } = [];

    /// <summary>d3-format of the x tick labels (e.g. <c>.0%</c>); null for Plotly's default.</summary>
    public string? XTickFormat { get; init; }

    /// <summary>Fixed x range; null lets Plotly fit the data.</summary>
    public (double Min, double Max)? XRange { get; init; }
}
