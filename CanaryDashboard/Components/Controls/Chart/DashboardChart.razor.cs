using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;

namespace CanaryDashboard.Components.Controls.Chart;

/// <summary>
/// Draws a <see cref="ChartModel"/> with Plotly. A new model instance (or a theme switch) redraws
/// it with <c>Plotly.react</c>; <see cref="AppendAsync"/> extends series in place for live data.
/// Failures of the browser side (circuit gone, no JavaScript in a test renderer) never break the
/// page: the chart simply stays as it was.
/// </summary>
public sealed partial class DashboardChart
{
    private static int s_nextId;

    private readonly string _id = "chart-" + Interlocked.Increment(ref s_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
    private PlotlyChart? _chart;
    private ChartFigure _figure = ChartFigureBuilder.Build(new ChartModel(), ChartPalette.Light);
    private ChartModel? _builtModel;
    private bool? _builtDarkMode;
    private bool _drawn;
    private bool _redrawPending;
    private bool _disposed;

    /// <summary>What to draw; assign a new instance to redraw.</summary>
    [Parameter, EditorRequired]
    public ChartModel Model { get; set; } = new();

    /// <summary>Short name, written to <c>data-chart</c> so tests and styles can find the chart.</summary>
    [Parameter]
    public string? Name { get; set; }

    /// <summary>Accessible description of what the chart shows.</summary>
    [Parameter]
    public string? AriaLabel { get; set; }

    [Parameter]
    public int Height { get; set; } = 320;

    [CascadingParameter(Name = ChartThemeCascade.DarkMode)]
    public bool DarkMode { get; set; }

    /// <summary>The figure as last built: what the chart shows (or will show once drawn).</summary>
    public ChartFigure Figure => _figure;

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(Model, _builtModel) && DarkMode == _builtDarkMode)
            return;
        _figure = ChartFigureBuilder.Build(Model, ChartPalette.For(DarkMode));
        _builtModel = Model;
        _builtDarkMode = DarkMode;
        // Before the first draw PlotlyChart plots whatever it is given; afterwards it must be told.
        _redrawPending = _drawn;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // PlotlyChart's own first render calls newPlot with the figure passed to it.
            _drawn = true;
            return;
        }
        if (_redrawPending)
        {
            _redrawPending = false;
            await RunJsAsync(chart => chart.React(), "redraw");
        }
    }

    /// <summary>
    /// Appends points to series of the drawn chart without redrawing it (<c>Plotly.extendTraces</c>),
    /// keeping at most <paramref name="maxPointsPerSeries"/> per series when given. The model the
    /// page holds is not changed: a page that also keeps its points passes a new model only for
    /// a full redraw (e.g. a new time range).
    /// </summary>
    public Task AppendAsync(IReadOnlyList<ChartPoints> points, int? maxPointsPerSeries = null) =>
        InvokeAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(points);
            if (points.Count == 0 || _disposed) return;
            // A heat map's traces come before the series.
            var offset = _figure.Data.Count - (_builtModel?.Series.Count ?? _figure.Data.Count);
            points = points.Select(p => p with { SeriesIndex = p.SeriesIndex + offset }).ToList();
            foreach (var p in points)
            {
                if (p.SeriesIndex < offset || p.SeriesIndex >= _figure.Data.Count)
                    throw new ArgumentOutOfRangeException(nameof(points), p.SeriesIndex - offset, $"the chart has {_figure.Data.Count - offset} series");
                if (p.X.Count != p.Y.Count)
                    throw new ArgumentException($"series {p.SeriesIndex}: {p.X.Count} x values but {p.Y.Count} y values", nameof(points));
            }

            if (!_drawn || _chart is null)
            {
                // Not drawn yet: the first newPlot will include the points.
                foreach (var p in points)
                    AppendToTrace(_figure.Data[p.SeriesIndex], p, maxPointsPerSeries);
                return;
            }

            // PlotlyChart.ExtendTraces appends to the traces it holds (our figure's) and to the browser's.
            await RunJsAsync(chart => chart.ExtendTraces(
                points.Select(p => (IEnumerable<object>)p.X),
                points.Select(p => p.Y.Select(v => (object)v!)),
                points.Select(p => p.SeriesIndex),
                maxPointsPerSeries), "append");
        });

    private static void AppendToTrace(ITrace trace, ChartPoints points, int? max)
    {
        var (x, y) = trace switch
        {
            Plotly.Blazor.Traces.Scatter s => (s.X, s.Y),
            Plotly.Blazor.Traces.Bar b => (b.X, b.Y),
            _ => throw new NotSupportedException(trace.GetType().Name),
        };
        foreach (var v in points.X) x.Add(v);
        foreach (var v in points.Y) y.Add(v!);
        if (max is { } m)
        {
            while (x.Count > m) x.RemoveAt(0);
            while (y.Count > m) y.RemoveAt(0);
        }
    }

    private async Task RunJsAsync(Func<PlotlyChart, Task> call, string what)
    {
        if (_chart is null || _disposed) return;
        try
        {
            await call(_chart);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException or ObjectDisposedException)
        {
            // The circuit is gone: nobody is looking at this chart any more.
        }
        catch (JSException ex)
        {
            Logger.LogWarning(ex, "Chart {Chart} could not {What}", Name ?? _id, what);
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }
}
