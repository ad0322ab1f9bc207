using System.Text.Json;
using CanaryDashboard.E2E.Infrastructure;
using CanaryDashboard.Security.Accounts;
using Microsoft.Playwright;

namespace CanaryDashboard.E2E;

/// <summary>
/// Sign-in in Chromium (local accounts, forced with <c>Auth:Mode=Local</c> on loopback): the
/// redirect, a wrong then a right password, the user in the app bar over the live circuit, the
/// server refusing a viewer's abort, and sign-out.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new(new Dictionary<string, string?>
    {
        ["Auth:Mode"] = "Local",
        ["Auth:Users:0:Name"] = "vic",
        ["Auth:Users:0:Role"] = "viewer",
        ["Auth:Users:0:PasswordHash"] = PasswordHashing.Hash("vic-pass"),
    });

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync()
    {
        await browser.ClosePagesAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_viewer_signs_in_sees_their_name_and_role_and_the_server_refuses_their_abort()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_app.BaseUrl + "engine");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?ReturnUrl=%2Fengine"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "signin.png"), FullPage = true });

        await page.Locator("#username").FillAsync("vic");
        await page.Locator("#password").FillAsync("wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#signin-error")).ToContainTextAsync("Wrong user name or password");

        await page.Locator("#username").FillAsync("vic");
        await page.Locator("#password").FillAsync("vic-pass");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/engine$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Connection" })).ToHaveTextAsync("Live");
        await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync("vic · viewer");

        var refusal = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await fetch('/api/rollouts/payments/ledger-api/actions/abort', { method: 'POST' });
              return { status: r.status, body: await r.json() };
            }
            """);
        Assert.Equal(403, refusal.GetProperty("status").GetInt32());
        Assert.Equal("operator", refusal.GetProperty("body").GetProperty("requiredRole").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin$"));
        var me = await page.EvaluateAsync<int>("async () => (await fetch('/api/me')).status");
        Assert.Equal(401, me);
    }
}
