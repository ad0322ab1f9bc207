namespace CanaryDashboard.Components.Controls.Chart;

/// <summary>
/// A heat map under a chart's series: <see cref="Z"/> row by row (row <c>r</c> at <c>Y[r]</c>,
/// column <c>c</c> at <c>X[c]</c>), and an optional <see cref="Marked"/> region (same shape) drawn
/// over it in a translucent colour, e.g. where the circuit breaker opens.
/// </summary>
public sealed record ChartHeatmap(IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double> Z)
{
    /// <summary>Cells to mark, flattened like <see cref="Z"/>; null for none.</summary>
    public IReadOnlyList<bool>? Marked { get; init; }

    public string MarkedName { get; init; } = "marked";

    public ChartColor MarkedColor { get; init; } = ChartColor.Bad;

    /// <summary>Title of the colour bar.</summary>
    public string? ZTitle { get; init; }

    public (double Min, double Max)? ZRange { get; init; }

    /// <summary>Hover text template (Plotly's, e.g. <c>%{x:.0%}</c>); null for Plotly's default.</summary>
    public string? HoverTemplate { get; init; }
}

/// <summary>A vertical line across the plot, e.g. a threshold on the x axis.</summary>
public sealed record ChartVerticalLine(string Name, double X, ChartColor Color = ChartColor.Bad);
