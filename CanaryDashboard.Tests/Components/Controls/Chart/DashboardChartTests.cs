using Bunit;
using CanaryDashboard.Components.Controls.Chart;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor.Traces;

namespace CanaryDashboard.Tests.Components.Controls.Chart;

/// <summary>
/// The drawing half, under bUnit's loose JS interop (no browser): it renders, asks Plotly to draw,
/// redraws on a new model or theme and extends traces on append, without throwing.
/// </summary>
public sealed class DashboardChartTests : BunitContext
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public DashboardChartTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private static ChartModel Weights(params double?[] ys) => new()
    {
        TimeAxis = true,
        Series = [new("weight", ys.Select((_, i) => (object)T0.AddSeconds(30 * i)).ToList(), ys)],
    };

    private IEnumerable<string> PlotlyCalls() => JSInterop.Invocations.Select(i => i.Identifier);

    [Fact]
    public void First_render_draws_the_model_with_newPlot()
    {
        var chart = Render<DashboardChart>(p => p.Add(c => c.Model, Weights(10, 20)).Add(c => c.Name, "weight"));

        chart.WaitForAssertion(() => Assert.Contains("newPlot", PlotlyCalls()));
        Assert.NotNull(chart.Find("div.dashboard-chart[data-chart=weight] > div[id^=chart-]"));
        Assert.Equal(2, ((Scatter)chart.Instance.Figure.Data[0]).Y.Count);
    }

    [Fact]
    public void A_new_model_redraws_with_react()
    {
        var chart = Render<DashboardChart>(p => p.Add(c => c.Model, Weights(10, 20)));
        chart.WaitForAssertion(() => Assert.Contains("newPlot", PlotlyCalls()));
        Assert.DoesNotContain("react", PlotlyCalls());

        chart.Render(p => p.Add(c => c.Model, Weights(10, 20, 30)));

        chart.WaitForAssertion(() => Assert.Contains("react", PlotlyCalls()));
        Assert.Equal([10d, 20d, 30d], ((Scatter)chart.Instance.Figure.Data[0]).Y.Cast<double>());
    }

    [Fact]
    public void The_same_model_does_not_redraw()
    {
        var model = Weights(10, 20);
        var chart = Render<DashboardChart>(p => p.Add(c => c.Model, model));
        chart.WaitForAssertion(() => Assert.Contains("newPlot", PlotlyCalls()));

        chart.Render(p => p.Add(c => c.Model, model).Add(c => c.Height, 200));

        Assert.DoesNotContain("react", PlotlyCalls());
    }

    [Fact]
    public void Switching_the_theme_redraws_in_the_other_palette()
    {
        var model = Weights(10, 20);
        var host = Render<CascadingValue<bool>>(p => p
            .Add(c => c.Name, ChartThemeCascade.DarkMode)
            .Add(c => c.Value, false)
            .AddChildContent<DashboardChart>(c => c.Add(x => x.Model, model)));
        var chart = host.FindComponent<DashboardChart>();
        Assert.Equal(ChartPalette.Light.Text, chart.Instance.Figure.Layout.Font.Color);

        host.Render(p => p.Add(c => c.Name, ChartThemeCascade.DarkMode).Add(c => c.Value, true)
            .AddChildContent<DashboardChart>(c => c.Add(x => x.Model, model)));

        chart.WaitForAssertion(() => Assert.Equal(ChartPalette.Dark.Text, chart.Instance.Figure.Layout.Font.Color));
        chart.WaitForAssertion(() => Assert.Contains("react", PlotlyCalls()));
    }

    [Fact]
    public async Task Appends_extend_the_drawn_traces_and_keep_the_last_points()
    {
        var chart = Render<DashboardChart>(p => p.Add(c => c.Model, Weights(10, 20)));
        chart.WaitForAssertion(() => Assert.Contains("newPlot", PlotlyCalls()));

        await chart.Instance.AppendAsync([new ChartPoints(0, [T0.AddSeconds(60), T0.AddSeconds(90)], [30, 40])], maxPointsPerSeries: 3);

        Assert.Contains("extendTraces", PlotlyCalls());
        var trace = (Scatter)chart.Instance.Figure.Data[0];
        Assert.Equal([20d, 30d, 40d], trace.Y.Cast<double>());
        Assert.Equal(T0.AddSeconds(30), trace.X[0]);
    }

    [Fact]
    public async Task Appends_to_a_series_that_does_not_exist_are_refused()
    {
        var chart = Render<DashboardChart>(p => p.Add(c => c.Model, Weights(10)));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => chart.Instance.AppendAsync([new ChartPoints(3, [T0], [1])]));
        await Assert.ThrowsAsync<ArgumentException>(() => chart.Instance.AppendAsync([new ChartPoints(0, [T0, T0], [1])]));
    }
}
