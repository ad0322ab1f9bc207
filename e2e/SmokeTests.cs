using CanaryDashboard.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CanaryDashboard.E2E;

[Collection(BrowserCollection.Name)]
public sealed class SmokeTests(BrowserFixture browser, AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.ClosePagesAsync();

    [Fact]
    public async Task Home_page_opens_through_a_live_circuit()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(app.BaseUrl);

        // "Live" only appears once the interactive circuit has rendered the page.
        await Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Connection" })).ToHaveTextAsync("Live");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "home.png"), FullPage = true });
    }

    [Fact]
    public async Task Engine_page_recomputes_the_weight_over_the_circuit()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "engine");
        await Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Connection" })).ToHaveTextAsync("Live");

        // 10 % slower and +1 pp errors: hand-computed 32.959 → 33.0 (see the engine tests).
        await page.GetByLabel("Latency delta (%)").FillAsync("10");
        await page.GetByLabel("Error delta (pp)").FillAsync("1");
        await page.GetByLabel("Error delta (pp)").PressAsync("Tab");

        await Assertions.Expect(page.GetByLabel("Safe weight")).ToHaveTextAsync("33.0");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "engine.png"), FullPage = true });
    }
}
