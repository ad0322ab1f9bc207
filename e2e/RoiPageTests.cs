using CanaryDashboard.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CanaryDashboard.E2E;

/// <summary>The <c>/roi</c> page in Chromium: the seed simulator's figures, the Plotly chart, recomputation over the circuit.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RoiPageTests(BrowserFixture browser, AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.ClosePagesAsync();

    private static ILocator Figure(IPage page, string label) => page.Locator($"td[aria-label=\"{label}\"]");

    [Fact]
    public async Task Defaults_show_the_seed_simulators_figures_and_the_chart_draws()
    {
        var page = await browser.NewPageAsync();
        // Script errors (a missing Plotly file, a failed interop call) would show here.
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add(m.Text); };
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        await page.GotoAsync(app.BaseUrl + "roi");
        await Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Connection" })).ToHaveTextAsync("Live");

        // What the seed's run_simulation() prints with its defaults (hand-computed in the calculator tests).
        await Assertions.Expect(Figure(page, "Baseline Monthly Cost")).ToHaveTextAsync("$66,388.44");
        await Assertions.Expect(Figure(page, "Dynamic Strategy Cost")).ToHaveTextAsync("$6,305.10");
        await Assertions.Expect(Figure(page, "Right-Sizing Savings")).ToHaveTextAsync("$5,400.00");
        await Assertions.Expect(Figure(page, "Net Monthly Savings")).ToHaveTextAsync("$65,483.34");
        await Assertions.Expect(Figure(page, "Rollback Reduction")).ToHaveTextAsync("89.2%");
        await Assertions.Expect(Figure(page, "False Positives Eliminated")).ToHaveTextAsync("33");

        // Plotly drew: its SVG exists and carries the bars' labels.
        var chart = page.Locator("div.dashboard-chart[data-chart=roi-costs]");
        await Assertions.Expect(chart.Locator("svg.main-svg").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(chart.Locator("g.barlayer g.point").First).ToBeAttachedAsync();
        await Assertions.Expect(chart.Locator("text.bartext", new() { HasText = "$66,388" })).ToBeAttachedAsync();

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "roi.png"), FullPage = true });
        lock (errors) Assert.Empty(errors);
    }

    [Fact]
    public async Task Changing_an_input_changes_the_figures_and_redraws_the_chart()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "roi");
        await Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Connection" })).ToHaveTextAsync("Live");
        var chart = page.Locator("div.dashboard-chart[data-chart=roi-costs]");
        await Assertions.Expect(chart.Locator("svg.main-svg").First).ToBeAttachedAsync(new() { Timeout = 30_000 });

        // 200 deployments: 46 × 2,111.90 + 8,100 = 105,247.40; 5 × 2,101.70 = 10,508.50; net 100,138.90.
        await page.GetByLabel("Deployments per month").FillAsync("200");
        await page.GetByLabel("Deployments per month").PressAsync("Tab");

        await Assertions.Expect(Figure(page, "Baseline Monthly Cost")).ToHaveTextAsync("$105,247.40");
        await Assertions.Expect(Figure(page, "Net Monthly Savings")).ToHaveTextAsync("$100,138.90");
        await Assertions.Expect(chart.Locator("text.bartext", new() { HasText = "$105,247" })).ToBeAttachedAsync();

        // A refused value: the reason next to the field, the last valid figures kept.
        await page.GetByLabel("Average incident cost ($)").FillAsync("-5");
        await page.GetByLabel("Average incident cost ($)").PressAsync("Tab");
        await Assertions.Expect(page.GetByText("must not be negative")).ToBeVisibleAsync();
        await Assertions.Expect(Figure(page, "Net Monthly Savings")).ToHaveTextAsync("$100,138.90");

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "roi-edited.png"), FullPage = true });
    }

    [Fact]
    public async Task The_chart_follows_the_dark_theme()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "roi");
        await Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Connection" })).ToHaveTextAsync("Live");
        var tick = page.Locator("div.dashboard-chart[data-chart=roi-costs] g.ytick text").First;
        await Assertions.Expect(tick).ToBeAttachedAsync(new() { Timeout = 30_000 });
        // Light palette text #263238.
        await Assertions.Expect(tick).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex(@"fill: rgb\(38, 50, 56\)"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark theme" }).ClickAsync();

        // Dark palette text #e0e0e0, redrawn by Plotly.react without a reload.
        await Assertions.Expect(tick).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex(@"fill: rgb\(224, 224, 224\)"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "roi-dark.png"), FullPage = true });
    }
}
