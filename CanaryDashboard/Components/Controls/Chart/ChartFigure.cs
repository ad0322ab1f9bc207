using Plotly.Blazor;

namespace CanaryDashboard.Components.Controls.Chart;

/// <summary>What Plotly draws: traces, layout and config, built by <see cref="ChartFigureBuilder"/>.</summary>
public sealed record ChartFigure(IList<ITrace> Data, Plotly.Blazor.Layout Layout, Config Config);
