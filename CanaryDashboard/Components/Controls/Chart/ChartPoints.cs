namespace CanaryDashboard.Components.Controls.Chart;

/// <summary>New points for one series of a drawn chart (index into <see cref="ChartModel.Series"/>).</summary>
public sealed record ChartPoints(int SeriesIndex, IReadOnlyList<object> X, IReadOnlyList<double?> Y);
