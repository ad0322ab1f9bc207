using System.Diagnostics;
using CanaryDashboard.Engine;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Live;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.PageBench;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CanaryDashboard.PageBench;

/// <summary>A named entry point: the app's public <c>Program</c> would clash with top-level statements.</summary>
internal static class PageBenchProgram
{
    public static async Task Main(string[] args)
    {
        // Usage: dotnet run -c Release --project bench/CanaryDashboard.PageBench -- [pages=50] [rounds=20] [overviewRollouts=1000] [roundSeconds=5]
        // Prints: p50/p95/max from a sample published in the live store to each detail page showing it,
        // server memory per circuit, and the overview's first render time with N extra rollouts.
        var pages = args.Length > 0 ? int.Parse(args[0]) : 50;
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 20;
        var overviewRollouts = args.Length > 2 ? int.Parse(args[2]) : 1000;
        var roundInterval = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5);   // the poll interval

        await using var app = new PageBenchApp();
        var baseUrl = app.BaseUrl;
        var snapshots = app.Services.GetRequiredService<IRolloutSnapshotProvider>();
        var live = app.Services.GetRequiredService<LiveRolloutStore>();
        await snapshots.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        var keys = snapshots.GetAll().Select(s => s.Key).ToArray();
        Console.WriteLine($"app at {baseUrl}, {keys.Length} rollouts in the simulated cluster");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
        });

        // Warm up one page (JIT, static files), then take the baseline.
        {
            var warm = await browser.NewPageAsync();
            await warm.GotoAsync(baseUrl + $"rollouts/{keys[0].Namespace}/{keys[0].Name}");
            await warm.GetByRole(AriaRole.Status, new() { Name = "Connection" }).Filter(new() { HasText = "Live" }).WaitForAsync(new() { Timeout = 60_000 });
            await warm.CloseAsync();
            await Task.Delay(2000);
        }
        var before = ManagedBytes();

        // Each page records (browser clock) when the reasoning line shows a new sample time.
        const string Observe = """
        () => {
          window.__seen = {};
          const mark = () => {
            const el = document.querySelector('[aria-label="Engine reasoning"]');
            const v = el && el.getAttribute('data-sample-at');
            if (v && !(v in window.__seen)) window.__seen[v] = Date.now();
          };
          new MutationObserver(mark).observe(document.body, { attributes: true, childList: true, subtree: true, characterData: true });
        }
        """;
        var opened = new List<(IPage Page, RolloutKey Key)>();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < pages; i++)
        {
            var key = keys[i % keys.Length];
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1200, Height = 800 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(baseUrl + $"rollouts/{key.Namespace}/{key.Name}");
            await page.GetByRole(AriaRole.Status, new() { Name = "Connection" }).Filter(new() { HasText = "Live" }).WaitForAsync(new() { Timeout = 120_000 });
            await page.Locator("div.dashboard-chart[data-chart=pool] svg.main-svg").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
            await page.EvaluateAsync(Observe);
            opened.Add((page, key));
        }
        Console.WriteLine($"{pages} detail pages open and drawn in {sw.Elapsed.TotalSeconds:0.0} s; {live.SubscriberCount} live subscriptions");
        await Task.Delay(2000);
        var after = ManagedBytes();
        Console.WriteLine($"server managed memory: {before / 1048576.0:0.0} MB before, {after / 1048576.0:0.0} MB with {pages} circuits → {(after - before) / 1024.0 / pages:0} KB per circuit");

        // Rounds: publish one new sample for every rollout, remember when, let the pages catch up.
        var published = new Dictionary<long, long>();   // sample time (ms) → publish wall clock (ms)
        for (var r = 0; r < rounds; r++)
        {
            var at = DateTimeOffset.UtcNow;
            var atMs = at.ToUnixTimeMilliseconds();
            published[atMs] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var key in keys)
                live.Update(new LiveRolloutState(key, null, Sample(at, r), new DecisionSummary(at, "advance-after-n-polls", "hold", "recorded", r % 3, 3)));
            await Task.Delay(roundInterval);
        }
        await Task.Delay(2000);

        var latencies = new List<long>();
        var missing = 0;
        foreach (var (page, _) in opened)
        {
            var seen = await page.EvaluateAsync<Dictionary<string, long>>("() => window.__seen");
            foreach (var (atMs, publishedMs) in published)
            {
                if (seen.TryGetValue(atMs.ToString(), out var shownMs)) latencies.Add(shownMs - publishedMs);
                else missing++;
            }
        }
        latencies.Sort();
        // A page that falls behind skips to the newest sample (the live store's throttle ends on the latest state): "skipped" counts those.
        Console.WriteLine($"sample → page (every {roundInterval.TotalSeconds:0.#} s, {keys.Length} rollouts): n={latencies.Count}, skipped={missing}, p50={Pct(0.50)} ms, p95={Pct(0.95)} ms, max={(latencies.Count > 0 ? latencies[^1] : 0)} ms");
        foreach (var (page, _) in opened) await page.Context.CloseAsync();

        // Overview: N more rollouts (engine data only), then the time from navigation to all rows known and the first ones drawn.
        for (var i = 0; i < overviewRollouts; i++)
            live.Update(new LiveRolloutState(new RolloutKey($"bench-{i % 20:D2}", $"svc-{i:D4}"),
                new RolloutSummary($"bench-{i % 20:D2}", $"svc-{i:D4}", i % 7 == 0 ? "Degraded" : "Paused", null, "Canary", 9, 16, 20, 20, []),
                Sample(DateTimeOffset.UtcNow.AddSeconds(-i), i)));
        var total = keys.Length + overviewRollouts;
        var times = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
            var page = await context.NewPageAsync();
            var t = Stopwatch.StartNew();
            await page.GotoAsync(baseUrl);
            await page.GetByLabel("Row count").Filter(new() { HasText = $"{total} of {total} rollouts" }).WaitForAsync(new() { Timeout = 120_000 });
            await page.GetByRole(AriaRole.Status, new() { Name = "Connection" }).Filter(new() { HasText = "Live" }).WaitForAsync(new() { Timeout = 120_000 });
            await page.Locator("tr[data-rollout]").First.WaitForAsync();
            times.Add(t.Elapsed.TotalMilliseconds);
            var rows = await page.Locator("tr[data-rollout]").CountAsync();
            if (run == 0) Console.WriteLine($"overview with {total} rollouts renders {rows} rows in the DOM (virtualized)");
            await context.CloseAsync();
        }
        times.Sort();
        Console.WriteLine($"overview first render with {total} rollouts (navigation → live circuit and rows): median {times[2]:0} ms, min {times[0]:0} ms, max {times[^1]:0} ms");
        return;

                string Pct(double p) => latencies.Count == 0 ? "—" : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)].ToString();

        static long ManagedBytes()
        {
            GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
            return GC.GetTotalMemory(forceFullCollection: true);
        }

        static LiveSample Sample(DateTimeOffset at, int r)
        {
            var canaryP99 = 0.100 + (r % 5) * 0.004;
            var canary = new VersionMetrics(canaryP99, 0.002, 50, 15_000, new PoolGauges(40 + r % 10, 10, 100));
            var stable = new VersionMetrics(0.100, 0.001, 200, 60_000, new PoolGauges(80, 20, 100));
            var engine = WeightEngine.Evaluate(new EngineInputs(canaryP99, 0.100, 0.002, 0.001, 15_000, 60_000), EngineParameters.Default);
            return new LiveSample(at, canary, stable, engine, 20, 20, 9, 16);
        }

    }
}
