using AngleSharp.Dom;
using Bunit;
using CanaryDashboard.Components.Pages;
using CanaryDashboard.Configuration;
using CanaryDashboard.Engine;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CanaryDashboard.Tests.Components.Pages;

/// <summary>The <c>/engine</c> page: typed deltas go through the engine with the configured parameters.</summary>
public sealed class EngineCheckPageTests : BunitContext, IAsyncLifetime
{
    private readonly CanaryDashboardOptions _options = new();

    public EngineCheckPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IOptions<CanaryDashboardOptions>>(new OptionsWrapper<CanaryDashboardOptions>(_options));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    private IRenderedComponent<EngineCheck> RenderPage()
    {
        Render<MudPopoverProvider>();
        return Render<EngineCheck>();
    }

    [Fact]
    public void Zero_deltas_show_the_full_weight_and_proceed()
    {
        var page = RenderPage();

        Assert.Equal("100.0", Labelled(page, "Safe weight").TextContent.Trim());
        Assert.Equal("proceed", Labelled(page, "Verdict").TextContent.Trim());
    }

    [Fact]
    public void Typed_deltas_show_the_engines_weight_and_breakdown()
    {
        var page = RenderPage();

        // 10 % and 1 pp → (0.1, 0.01): lp 0.367879, ep 0.8, sf 0.294304 → 32.9588 → 33.0
        Type(page, "Latency delta (%)", "10");
        Type(page, "Error delta (pp)", "1");

        page.WaitForAssertion(() => Assert.Equal("33.0", Labelled(page, "Safe weight").TextContent.Trim()));
        Assert.Equal("proceed", Labelled(page, "Verdict").TextContent.Trim());
        Assert.Equal("0.368", Labelled(page, "Latency penalty").TextContent.Trim());
        Assert.Equal("0.800", Labelled(page, "Error penalty").TextContent.Trim());
        Assert.Equal("0.294", Labelled(page, "Safety factor").TextContent.Trim());
        Assert.Equal("33.0", Labelled(page, "Interpolated weight").TextContent.Trim());
    }

    [Fact]
    public void A_breach_shows_the_breach_chip_and_safe_weight_zero()
    {
        var page = RenderPage();

        // 25 % → 0.25 > 0.2: breach; interpolated 14.5 (floor), safe 0.0
        Type(page, "Latency delta (%)", "25");

        page.WaitForAssertion(() => Assert.Equal("breach", Labelled(page, "Verdict").TextContent.Trim()));
        Assert.Contains("mud-chip-color-error", Labelled(page, "Verdict").ClassName);
        Assert.Equal("0.0", Labelled(page, "Safe weight").TextContent.Trim());
        Assert.Equal("14.5", Labelled(page, "Interpolated weight").TextContent.Trim());
        Assert.Equal("breach: latency +25.0% > threshold 20.0%", Labelled(page, "Reason").TextContent.Trim());
    }

    [Fact]
    public void A_faster_canary_says_clamped()
    {
        var page = RenderPage();

        Type(page, "Latency delta (%)", "-10");

        page.WaitForAssertion(() => Assert.Equal("100.0 (clamped)", Labelled(page, "Interpolated weight").TextContent.Trim()));
    }

    [Fact]
    public void The_configured_parameters_are_used()
    {
        _options.Engine = EngineParameters.Default with { MaxWeight = 50 };
        var page = RenderPage();

        // maxWeight 50, (0.1, 0): 5 + 0.367879 × 45 = 21.5546 → 21.6
        Type(page, "Latency delta (%)", "10");

        page.WaitForAssertion(() => Assert.Equal("21.6", Labelled(page, "Safe weight").TextContent.Trim()));
        Assert.Contains("5 – 50", Labelled(page, "Engine parameters").TextContent);
    }

    private static IElement Labelled(IRenderedComponent<EngineCheck> page, string label) =>
        page.Find($"[aria-label=\"{label}\"]");

    /// <summary>Types into the numeric field whose label reads <paramref name="label"/>, as a user would (oninput, Immediate).</summary>
    private static void Type(IRenderedComponent<EngineCheck> page, string label, string text)
    {
        var labelElement = page.FindAll("label").Single(l => l.TextContent.Trim() == label);
        var id = labelElement.GetAttribute("for");
        Assert.False(string.IsNullOrEmpty(id), $"label '{label}' is not tied to an input");
        page.Find($"input#{id}").Input(text);
    }
}
