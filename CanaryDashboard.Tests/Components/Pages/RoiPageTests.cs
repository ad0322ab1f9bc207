using AngleSharp.Dom;
using Bunit;
using CanaryDashboard.Components.Controls.Chart;
using CanaryDashboard.Components.Pages;
using CanaryDashboard.Roi;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace CanaryDashboard.Tests.Components.Pages;

/// <summary>The <c>/roi</c> page: the seed's figures, editing and refusing inputs, the measured mode.</summary>
public sealed class RoiPageTests : BunitContext, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);

    public RoiPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(new FixedTime(Now));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    private IRenderedComponent<CanaryDashboard.Components.Pages.Roi> RenderPage()
    {
        // Here, not in the constructor: it builds the service provider, and some tests add a service first.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Render<MudPopoverProvider>();
        return Render<CanaryDashboard.Components.Pages.Roi>();
    }

    [Fact]
    public void Defaults_show_the_seed_simulators_figures()
    {
        var page = RenderPage();

        Assert.Equal("$66,388.44", Labelled(page, "Baseline Monthly Cost"));
        Assert.Equal("$6,305.10", Labelled(page, "Dynamic Strategy Cost"));
        Assert.Equal("$5,400.00", Labelled(page, "Right-Sizing Savings"));
        Assert.Equal("$65,483.34", Labelled(page, "Net Monthly Savings"));
        Assert.Equal("89.2%", Labelled(page, "Rollback Reduction"));
        Assert.Equal("33", Labelled(page, "False Positives Eliminated"));
    }

    [Fact]
    public void Every_input_is_shown_with_its_value_and_explanation()
    {
        var page = RenderPage();

        foreach (var field in RoiField.All)
        {
            var input = InputOf(page, field.Label);
            Assert.Equal(field.Read(RoiInputs.SeedDefaults), double.Parse(input.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains(field.Explanation, page.Markup);
        }
    }

    [Fact]
    public void The_arithmetic_is_shown_with_the_actual_numbers()
    {
        var page = RenderPage();

        var table = page.Find("[aria-label=Arithmetic]").TextContent;
        Assert.Contains("27.6 × $2,111.90", table);
        Assert.Contains("$66,388.44 − $6,305.10 + $5,400.00", table);
        Assert.Equal("$65,483.34", Labelled(page, "= Net monthly savings"));
    }

    [Fact]
    public void Changing_an_input_recomputes()
    {
        var page = RenderPage();

        Type(page, "Deployments per month", "200");

        // 200 deployments: 46 × 2111.9 + 8,100 = 105,247.40; 5 × 2101.7 = 10,508.50; net 100,138.90; 62 − 8 = 54
        page.WaitForAssertion(() => Assert.Equal("$105,247.40", Labelled(page, "Baseline Monthly Cost")));
        Assert.Equal("$10,508.50", Labelled(page, "Dynamic Strategy Cost"));
        Assert.Equal("$100,138.90", Labelled(page, "Net Monthly Savings"));
        Assert.Equal("54", Labelled(page, "False Positives Eliminated"));
        Assert.Equal("200 × 0.23", page.Find("[aria-label=Arithmetic] tr").Children[1].TextContent);
    }

    [Fact]
    public void The_chart_gets_a_new_model_when_an_input_changes()
    {
        var page = RenderPage();
        var chart = page.FindComponent<DashboardChart>();
        Assert.Equal(58_288.44, chart.Instance.Model.Series[0].Y[0]!.Value, 0.005);

        Type(page, "Static rollback rate (%)", "10");

        // 120 × 0.1 × 2111.9 = 25,342.80
        page.WaitForAssertion(() => Assert.Equal(25_342.80, chart.Instance.Model.Series[0].Y[0]!.Value, 0.005));
        Assert.Equal(25_342.80, (double)((Plotly.Blazor.Traces.Bar)chart.Instance.Figure.Data[0]).Y[0], 0.005);
    }

    [Fact]
    public void An_invalid_input_shows_the_reason_and_keeps_the_last_valid_result()
    {
        var page = RenderPage();
        Type(page, "Deployments per month", "200");
        page.WaitForAssertion(() => Assert.Equal("$100,138.90", Labelled(page, "Net Monthly Savings")));

        Type(page, "Average incident cost ($)", "-5");

        page.WaitForAssertion(() => Assert.Contains("must not be negative", HelperOf(page, "Average incident cost ($)")));
        Assert.Equal("$100,138.90", Labelled(page, "Net Monthly Savings"));
        Assert.Contains("the figures below are from the last valid inputs", page.Find("[aria-label='Stale result']").TextContent);

        Type(page, "Deployments per month", "12.5");
        page.WaitForAssertion(() => Assert.Contains("must be a whole number of deployments", HelperOf(page, "Deployments per month")));
        Assert.Equal("$100,138.90", Labelled(page, "Net Monthly Savings"));

        // Correcting the value clears the reason and recomputes with it.
        Type(page, "Average incident cost ($)", "2100");
        Type(page, "Deployments per month", "120");
        page.WaitForAssertion(() => Assert.Equal("$65,483.34", Labelled(page, "Net Monthly Savings")));
        Assert.Empty(page.FindAll("[aria-label='Stale result']"));
        Assert.DoesNotContain("must not be negative", page.Markup);
    }

    [Fact]
    public void Reset_restores_the_seed_defaults_and_clears_refusals()
    {
        var page = RenderPage();
        Type(page, "Deployments per month", "200");
        Type(page, "Average incident cost ($)", "-5");
        page.WaitForAssertion(() => Assert.Contains("must not be negative", HelperOf(page, "Average incident cost ($)")));

        page.FindAll("button").Single(b => b.TextContent.Contains("Reset to the seed's defaults")).Click();

        page.WaitForAssertion(() => Assert.Equal("$65,483.34", Labelled(page, "Net Monthly Savings")));
        Assert.DoesNotContain("must not be negative", page.Markup);
        Assert.Equal("2100", InputOf(page, "Average incident cost ($)").GetAttribute("value"));
        Assert.Equal("120", InputOf(page, "Deployments per month").GetAttribute("value"));
    }

    [Fact]
    public void Without_run_storage_the_measured_mode_says_there_are_no_recorded_runs()
    {
        var page = RenderPage();

        Assert.Equal("No recorded runs yet: no run storage is connected.", page.Find("[aria-label='Measured unavailable']").TextContent.Trim());
        Assert.Equal(2, page.FindComponent<DashboardChart>().Instance.Model.Series.Count);
    }

    [Fact]
    public void Storage_with_no_runs_says_so()
    {
        Services.AddSingleton<IRolloutRunStatistics>(new ConstructedStatistics(RolloutRunStatistics.None));
        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal("No recorded runs yet.", page.Find("[aria-label='Measured unavailable']").TextContent.Trim()));
    }

    [Fact]
    public void Measured_rates_from_recorded_runs_are_shown_beside_the_assumed_ones()
    {
        // 40 runs, 2 aborted, 1 false alarm, mean 90 s: 5 %, 1.5 min, 2.5 %.
        var statistics = new ConstructedStatistics(new RolloutRunStatistics(40, 2, 1, TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(90)));
        Services.AddSingleton<IRolloutRunStatistics>(statistics);
        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal("5 %", Labelled(page, "Measured rollback rate")));
        Assert.Equal("1.5 min", Labelled(page, "Measured time to roll back"));
        Assert.Equal("2.5 %", Labelled(page, "Measured false-alarm rate"));
        // 6 × 2102.125 = 12,612.75; 66,388.44 − 12,612.75 + 5,400 = 59,175.69; 78.4 %; 37 − 3 = 34
        Assert.Equal("$12,612.75", Labelled(page, "Measured Dynamic Strategy Cost"));
        Assert.Equal("$59,175.69", Labelled(page, "Measured Net Monthly Savings"));
        Assert.Equal("78.4%", Labelled(page, "Measured Rollback Reduction"));
        Assert.Equal("34", Labelled(page, "Measured False Positives Eliminated"));
        // The main figures stay the assumed ones; the chart shows both side by side.
        Assert.Equal("$65,483.34", Labelled(page, "Net Monthly Savings"));
        Assert.Equal(["Static canary", "Dynamic canary (assumed)", "Dynamic canary (measured)"],
            page.FindComponent<DashboardChart>().Instance.Model.Series.Select(s => s.Name));
        // Asked for the last 30 days.
        Assert.Equal((Now.AddDays(-30), Now), statistics.LastPeriod);
    }

    [Fact]
    public void Using_the_measured_rates_makes_them_the_dynamic_inputs()
    {
        Services.AddSingleton<IRolloutRunStatistics>(new ConstructedStatistics(new RolloutRunStatistics(40, 2, 1, null, TimeSpan.FromSeconds(90))));
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal("5 %", Labelled(page, "Measured rollback rate")));

        page.FindAll("button").Single(b => b.TextContent.Contains("Use the measured rates")).Click();

        page.WaitForAssertion(() => Assert.Equal("$59,175.69", Labelled(page, "Net Monthly Savings")));
        Assert.Equal("5", InputOf(page, "Dynamic rollback rate (%)").GetAttribute("value"));
        Assert.Equal("1.5", InputOf(page, "Dynamic time to roll back (min)").GetAttribute("value"));
    }

    [Fact]
    public void The_note_names_the_prose_figures_the_code_does_not_reproduce()
    {
        var page = RenderPage();

        var note = page.Find("[aria-label=\"About the seed's prose\"]").TextContent;
        Assert.Contains("$14,200", note);
        Assert.Contains("$65,483.34", note);
        Assert.Contains("37 → 5", note);
        Assert.Matches(@"gives\s+37\s+→\s+4", note);
    }

    private static string Labelled(IRenderedComponent<CanaryDashboard.Components.Pages.Roi> page, string label) =>
        page.Find($"[aria-label=\"{label}\"]").TextContent.Trim();

    private static IElement InputOf(IRenderedComponent<CanaryDashboard.Components.Pages.Roi> page, string label)
    {
        var labelElement = page.FindAll("label").Single(l => l.TextContent.Trim() == label);
        var id = labelElement.GetAttribute("for");
        Assert.False(string.IsNullOrEmpty(id), $"label '{label}' is not tied to an input");
        return page.Find($"input#{id}");
    }

    /// <summary>The helper/error line under a field (MudBlazor puts the error text there).</summary>
    private static string HelperOf(IRenderedComponent<CanaryDashboard.Components.Pages.Roi> page, string label)
    {
        var control = InputOf(page, label).Closest(".mud-input-control")!;
        return control.QuerySelector(".mud-input-helper-text")?.TextContent ?? "";
    }

    private static void Type(IRenderedComponent<CanaryDashboard.Components.Pages.Roi> page, string label, string text) =>
        InputOf(page, label).Input(text);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Run statistics as the storage would return them, constructed for the test.</summary>
    private sealed class ConstructedStatistics(RolloutRunStatistics statistics) : IRolloutRunStatistics
    {
        public (DateTimeOffset From, DateTimeOffset To)? LastPeriod { get; private set; }

        public Task<RolloutRunStatistics> GetAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
        {
            LastPeriod = (from, to);
            return Task.FromResult(statistics);
        }
    }
}
