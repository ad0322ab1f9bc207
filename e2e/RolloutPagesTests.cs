using CanaryDashboard.E2E.Infrastructure;
using CanaryDashboard.Live;
using CanaryDashboard.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CanaryDashboard.E2E;

/// <summary>
/// The overview and the rollout detail page in Chromium against the app in Simulated mode: the
/// seeded rollouts are listed, the detail page's charts draw, an abort through the confirmation
/// dialog turns the page to Degraded without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RolloutPagesTests(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>The detail page's charts (DetailCharts): weight, latency, errors, deltas, pool.</summary>
    public static readonly string[] ChartNames = ["weight", "latency", "errors", "deltas", "pool"];

    private static readonly string[] Seeded =
        ["storefront/checkout-web", "payments/ledger-api", "payments/payments-gateway", "storefront/recommendations", "storefront/catalog-api", "payments/fraud-scorer"];

    private KestrelAppFactory _app = null!;

    /// <summary>
    /// The app in Simulated mode. Tests that feed the live store their own history run without the
    /// poller: its first sample ("now") would otherwise make the store refuse the older fed ones.
    /// </summary>
    private KestrelAppFactory Start(bool polling) => _app = new(new Dictionary<string, string?>
    {
        ["Cluster:Mode"] = "Simulated",
        ["Polling:Enabled"] = polling ? "true" : "false",
        // Every rollout in Observe: the loop records and publishes but never acts, so what the test
        // does (and only that) moves a rollout, and a breach stays on screen instead of being aborted
        // (the breach test also detaches the simulated Argo's background analysis, which would abort it).
        ["Polling:SeedSimulatedSettings"] = "false",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await browser.ClosePagesAsync();
        if (_app is not null) await _app.DisposeAsync();
    }

    private static Task WaitForCircuit(IPage page) =>
        Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Connection" })).ToHaveTextAsync("Live", new() { Timeout = 30_000 });

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);

    private LiveRolloutStore Live => _app.Services.GetRequiredService<LiveRolloutStore>();

    /// <summary>What the server knows of a rollout: the simulated cluster's stored status and the dashboard's watched snapshot.</summary>
    private string ServerSideState(RolloutKey key)
    {
        var stored = _app.Services.GetRequiredService<CanaryDashboard.Simulation.SimulatedCluster>().Store
            .Get(CanaryDashboard.Simulation.Api.ResourceCatalog.Rollouts, key.Namespace, key.Name)?["status"];
        var watched = _app.Services.GetRequiredService<CanaryDashboard.Kubernetes.IRolloutSnapshotProvider>().Get(key);
        return $"cluster status: abort={stored?["abort"]}, phase={stored?["phase"]}, message={stored?["message"]}; "
               + $"watched snapshot: {watched?.Status} — {watched?.Message} (resourceVersion {watched?.ResourceVersion})";
    }

    [Fact]
    public async Task Overview_lists_the_seeded_rollouts_and_filters_from_the_url()
    {
        _ = Start(polling: false).BaseUrl;
        foreach (var key in Seeded.Take(3))
            EngineFeed.PublishHistory(Live, new RolloutKey(key.Split('/')[0], key.Split('/')[1]), DateTimeOffset.UtcNow, minutes: 40);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_app.BaseUrl);
        await WaitForCircuit(page);

        foreach (var key in Seeded)
            await Assertions.Expect(page.Locator($"tr[data-rollout=\"{key}\"]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // The aborted one (Degraded) needs attention: it is listed above the healthy ones.
        var keys = await page.Locator("tr[data-rollout]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.rollout)");
        Assert.True(Array.IndexOf(keys, "payments/fraud-scorer") < Array.IndexOf(keys, "storefront/catalog-api"), string.Join(", ", keys));
        await page.ScreenshotAsync(new() { Path = Shot("overview.png"), FullPage = true });

        // A deep link restores the filters: only the payments namespace, names containing "ledger".
        await page.GotoAsync(_app.BaseUrl + "?ns=payments&q=ledger");
        await WaitForCircuit(page);
        await Assertions.Expect(page.Locator("tr[data-rollout]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("tr[data-rollout=\"payments/ledger-api\"]")).ToBeVisibleAsync();

        // Typing in the name filter narrows the rows (debounced) and writes the URL.
        await page.GotoAsync(_app.BaseUrl);
        await WaitForCircuit(page);
        await page.Locator("#overview-name-filter").FillAsync("check");
        await Assertions.Expect(page.Locator("tr[data-rollout]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.WaitForURLAsync(url => url.Contains("q=check"), new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task Detail_page_draws_its_charts_and_abort_turns_it_degraded_without_a_reload()
    {
        _ = Start(polling: false).BaseUrl;
        EngineFeed.PublishHistory(Live, new RolloutKey("storefront", "checkout-web"), DateTimeOffset.UtcNow);
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        await page.GotoAsync(_app.BaseUrl + "rollouts/storefront/checkout-web");
        await WaitForCircuit(page);

        foreach (var name in ChartNames)
        {
            await Assertions.Expect(page.Locator($"div.dashboard-chart[data-chart={name}] svg.main-svg").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
            // Lines drawn from the history: Plotly writes one path per scatter trace.
            await Assertions.Expect(page.Locator($"div.dashboard-chart[data-chart={name}] g.scatterlayer path.js-line").First).ToBeAttachedAsync();
        }
        await Assertions.Expect(page.GetByLabel("Samples shown")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\b60 samples"));   // the hour fed
        await Assertions.Expect(page.Locator("div.dashboard-chart")).ToHaveCountAsync(ChartNames.Length);
        await page.ScreenshotAsync(new() { Path = Shot("rollout-detail.png"), FullPage = true });

        var abort = page.Locator("button[data-action=Abort]");
        await Assertions.Expect(abort).ToBeEnabledAsync();
        await abort.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByLabel("Patch")).ToHaveTextAsync("""PATCH rollouts/status {"status":{"abort":true}}""");
        await Assertions.Expect(dialog.GetByLabel("Command")).ToHaveTextAsync("kubectl argo rollouts abort checkout-web -n storefront");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Abort" }).ClickAsync();

        // The watch brings the controller's new status; the page changes by itself (no reload).
        try
        {
            await Assertions.Expect(page.GetByLabel("Status message")).ToContainTextAsync("Degraded", new() { Timeout = 30_000 });
        }
        catch (PlaywrightException e)
        {
            // Say which link of the chain broke: the patch (the cluster's status), the watch (the snapshot) or the page.
            throw new Xunit.Sdk.XunitException($"{e.Message}\n{ServerSideState(new RolloutKey("storefront", "checkout-web"))}");
        }
        await Assertions.Expect(page.Locator("button[data-action=Retry]")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("button[data-action=Abort]")).ToBeDisabledAsync();
        // The action went through the authorized service: its audit row (user, patch) reaches SQLite and the page.
        await Assertions.Expect(page.Locator("[aria-label='Audit log'] tr[data-audit-action=abort]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[aria-label='Audit log'] tr[data-audit-action=abort]")).ToContainTextAsync("""{"status":{"abort":true}}""");
        await page.ScreenshotAsync(new() { Path = Shot("rollout-detail-aborted.png"), FullPage = true });
        Assert.Empty(errors);
    }

    /// <summary>
    /// The evidence on the detail page: the deltas chart fills the intervals' bands and the
    /// reasoning names them; desktop and 360 px, light and dark.
    /// </summary>
    [Fact]
    public async Task Detail_page_draws_the_evidence_bands_and_names_the_intervals()
    {
        _ = Start(polling: false).BaseUrl;
        EngineFeed.PublishHistory(Live, new RolloutKey("storefront", "checkout-web"), DateTimeOffset.UtcNow, evidence: true);
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        await page.GotoAsync(_app.BaseUrl + "rollouts/storefront/checkout-web");
        await WaitForCircuit(page);

        var deltas = page.Locator("div.dashboard-chart[data-chart=deltas]");
        await Assertions.Expect(deltas.Locator("svg.main-svg").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        // Plotly draws a filled band ("tonexty") as a js-fill path with a translucent fill.
        var fill = deltas.Locator("g.scatterlayer path.js-fill");
        await Assertions.Expect(fill.First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        Assert.Equal("0.25", await fill.First.EvaluateAsync<string>("p => getComputedStyle(p).fillOpacity"));   // Plotly splits rgba into fill + opacity
        await Assertions.Expect(page.GetByLabel("Evidence", new() { Exact = true })).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"p99 [+−]?[\d.]+ % \[[+−]?[\d.]+ %, ([+−]?[\d.]+ %|∞)\] at 95 %"));

        foreach (var (width, dark) in new[] { (1280, false), (360, false), (1280, true), (360, true) })
        {
            await page.SetViewportSizeAsync(width, 900);
            // Switched once, at desktop width (at 360 px the drawer covers the app bar's toggle).
            if (dark && width == 1280)
                await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark theme" }).ClickAsync();
            await Assertions.Expect(fill.First).ToBeAttachedAsync();
            await page.ScreenshotAsync(new() { Path = Shot($"rollout-evidence-{width}{(dark ? "-dark" : "")}.png"), FullPage = true });
        }
        Assert.Empty(errors);
    }

    /// <summary>
    /// A regression injected through the simulator's scenario API shows as a breach. PoolExhaustion
    /// starves the canary's connection pool from 30 % weight, so after injecting it the test advances
    /// checkout-web to the next rung (≥ 35 %) through the page. Bound: the breach verdict shows within
    /// 60 s of the advance (poll every 5 s + controller every 2 s + the store's 100 ms throttle;
    /// ~10 s is typical, the rest is headroom for a loaded machine). The time is printed.
    /// </summary>
    [Fact]
    public async Task An_injected_regression_shows_as_a_breach_within_a_minute()
    {
        _ = Start(polling: true).BaseUrl;
        var cluster = _app.Services.GetRequiredService<CanaryDashboard.Simulation.SimulatedCluster>();
        await DetachBackgroundAnalysis(cluster, "storefront", "checkout-web");
        using (var http = new HttpClient { BaseAddress = cluster.BaseAddress })
        {
            var put = await http.PutAsync("simulation/scenarios/storefront/checkout-web",
                new StringContent("""{"scenario":"PoolExhaustion"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_app.BaseUrl + "rollouts/storefront/checkout-web");
        await WaitForCircuit(page);
        // In Observe the rollout waits on its seeded rung (20 %); any rung ahead is ≥ 35 %, where the pool runs out.
        var advance = page.Locator("button[data-action=Advance]");
        await Assertions.Expect(page.GetByLabel("Status message")).Not.ToBeEmptyAsync();
        var advancedAt = System.Diagnostics.Stopwatch.StartNew();
        if (await advance.IsEnabledAsync())
        {
            await advance.ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Assertions.Expect(dialog.GetByLabel("Patch")).ToContainTextAsync("\"currentStepIndex\":");
            advancedAt.Restart();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Advance to rung" }).ClickAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Verdict" })).ToHaveTextAsync("breach", new() { Timeout = 60_000 });
        Console.WriteLine($"advance to the next rung under PoolExhaustion → breach on the page: {advancedAt.Elapsed.TotalSeconds:0.0} s");
        await Assertions.Expect(page.GetByLabel("Engine reasoning")).ToContainTextAsync("threshold");
        await page.ScreenshotAsync(new() { Path = Shot("rollout-detail-breach.png"), FullPage = true });

        // A time range reads the SQLite history the poller wrote, and the breach is in it.
        await page.GotoAsync(_app.BaseUrl + "rollouts/storefront/checkout-web?range=15m");
        await WaitForCircuit(page);
        await Assertions.Expect(page.GetByLabel("Samples shown")).ToContainTextAsync("history (SQLite)", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("div.dashboard-chart[data-chart=weight] g.scatterlayer path.point").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
    }

    /// <summary>
    /// The seeded rollouts run Argo's background analysis against /analyze, which (like Argo in a
    /// cluster) aborts a breaching canary within one 30 s interval. A test that wants the breach to
    /// stay on screen takes the analysis off the rollout first and waits until the controller saw it.
    /// </summary>
    private static async Task DetachBackgroundAnalysis(CanaryDashboard.Simulation.SimulatedCluster cluster, string ns, string name)
    {
        var rollouts = CanaryDashboard.Simulation.Api.ResourceCatalog.Rollouts;
        cluster.Store.Update(rollouts, ns, name, r =>
        {
            r["spec"]!["strategy"]!["canary"]!.AsObject().Remove("analysis");
            return r;
        });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var rollout = cluster.Store.Get(rollouts, ns, name)!;
            if (rollout["status"]?["observedGeneration"]?.ToString() == rollout["metadata"]?["generation"]?.ToString()
                && rollout["status"]?["canary"]?["currentBackgroundAnalysisRunStatus"] is null)
                return;
            Assert.True(DateTime.UtcNow < deadline, "the simulated controller never observed the rollout without its analysis");
            await Task.Delay(100);
        }
    }
}
