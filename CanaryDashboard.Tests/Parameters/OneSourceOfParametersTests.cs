using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Tests.Engine.Evidence;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Live;
using CanaryDashboard.Configuration;
using Microsoft.Extensions.Options;
using Bunit;
using CanaryDashboard.Analyze;
using CanaryDashboard.Backtest;
using CanaryDashboard.Backtest.Library;
using CanaryDashboard.Components.Controls.Chart;
using CanaryDashboard.Components.Controls.Tuning;
using CanaryDashboard.Components.Pages;
using CanaryDashboard.Data.Queries;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Parameters;
using CanaryDashboard.Polling;
using CanaryDashboard.Polling.Decisions;
using CanaryDashboard.Prometheus;
using CanaryDashboard.Simulation.Workload;
using CanaryDashboard.Tests.Components;
using CanaryDashboard.Tests.Polling;
using CanaryDashboard.Tuning;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CanaryDashboard.Tests.Parameters;

/// <summary>
/// The issue's own example: a profile with a 10 % latency threshold assigned to a rollout whose
/// canary p99 is 15 % above stable. Before the resolver the poller aborted, <c>/analyze</c> said
/// proceed and the chart drew the line at 20 %; now every reader judges and draws with 10 %.
/// </summary>
public sealed class OneSourceOfParametersTests : PageTestContext
{
    private const string Name = "agree";

    [Fact]
    public async Task Poller_analyze_detail_page_tuning_and_backtest_all_use_the_assigned_profile()
    {
        await using var h = await PollerHarness.StartAsync([PollerHarness.Rollout(Name, TrafficScenario.Healthy, atWeight: 20)],
            metricsSource: new FifteenPercentSlower());
        var key = PollerHarness.Key(Name);
        var profiles = h.Services.GetRequiredService<ThresholdProfileStore>();
        var profile = (await profiles.SaveAsync("latency-10", EngineParameters.Default with { LatencyThreshold = 0.10 }, "test", null, CancellationToken.None)).Saved!;
        await h.SetSettingsAsync(Name, RolloutSettings.Default with { Policy = RolloutPolicy.Auto, ThresholdProfileId = profile.Id, BreachesToAbort = 1 });
        var expected = ParameterOrigin.OfProfile("latency-10", 1);

        // The poller: +15 % > 10 % → breach, and Auto aborts.
        var polled = Assert.Single((await h.CycleAsync()).Polled, p => p.Rollout == key);
        Assert.Equal(Verdict.Breach, polled.Engine.Verdict);
        Assert.Equal(PollAction.Abort, polled.Decision.Action);
        // ... and the stored decision says which thresholds it was made with.
        await h.History.FlushAsync(CancellationToken.None);
        var stored = (await h.Services.GetRequiredService<HistoryQueries>().GetDecisionsAsync(key, 1, null, CancellationToken.None))!.Items[0];
        Assert.Equal(("Abort", expected), (stored.Action, stored.Profile));

        // /analyze: the same registration the endpoint takes its parameters from, the same metrics.
        var source = h.Services.GetRequiredService<IAnalyzeParameterSource>();
        var analyzer = new CanaryAnalyzer(new KnownRollouts(), h.Services.GetRequiredService<MetricTargetResolver>(), h.Metrics,
            h.Services.GetRequiredService<LiveRolloutStore>(), h.Services.GetRequiredService<IRolloutSnapshotProvider>(), new AnalyzeRungWindows(h.Time),
            h.Services.GetRequiredService<IOptions<CanaryDashboardOptions>>(), h.Time);
        var outcome = await analyzer.AnalyzeAsync(key, await source.ForAsync(key, CancellationToken.None), CancellationToken.None);
        Assert.Equal(AnalyzeStatus.Breach, outcome.Status);
        Assert.Equal((0.10, expected), (outcome.Parameters!.Engine.LatencyThreshold, outcome.Parameters.Origin));

        // The pages, with the app's resolver.
        var resolver = h.Services.GetRequiredService<IParameterResolver>();
        Services.AddSingleton(resolver);
        Services.AddSingleton<IRecordedRunSource>(new NoRuns());
        Services.AddSingleton<IThresholdProfileCatalog>(new StoredThresholdProfileCatalog(profiles));
        Services.AddSingleton<IProfileAssignment>(new SettingsProfileAssignment(h.Settings));
        Seed(RolloutTestData.Paused(key.Namespace, key.Name));
        Prepare();

        // The detail page: the threshold line at stable +10 %, and the origin in words.
        var detail = Render<RolloutDetail>(p => p.Add(d => d.Namespace, key.Namespace).Add(d => d.Name, key.Name));
        var latency = detail.FindComponents<DashboardChart>().Single(c => c.Instance.Name == "latency").Instance.Model;
        Assert.Contains("threshold (stable +10%)", latency.Series.Select(s => s.Name));
        Assert.Equal("Thresholds: profile latency-10 v1 — latency +10%, errors +2 pp", detail.Find("[aria-label='Parameters in force']").TextContent.Trim());

        // The tuning studio opened from the rollout: "current" is the rollout's profile, and the backtest's "current" too.
        Services.GetRequiredService<NavigationManager>().NavigateTo($"tuning?rollout={key.Namespace}/{key.Name}");
        var tuning = Render<CanaryDashboard.Components.Pages.Tuning>();
        Assert.Contains("profile latency-10 v1", tuning.Find("[aria-label='Current parameters']").TextContent);
        var backtest = tuning.FindComponent<BacktestPanel>().Instance;
        Assert.Equal((0.10, expected), (backtest.Current.LatencyThreshold, backtest.CurrentOrigin));
    }

    /// <summary>
    /// Canary p99 0.115 s against stable 0.100 s (+15 %), no errors, plenty of requests; and since the rung's
    /// entry, 200,000 canary requests every one 15 % slower than stable's 800,000 (the evidence shows +15 %).
    /// </summary>
    private sealed class FifteenPercentSlower : IMetricsSource
    {
        private static readonly EvidenceInputs Counts = new(
            new VersionCounts(200_000, 200, EvidenceSimulator.ExpectedHistogram(200_000, 0.1 * 1.15, 0.5)),
            new VersionCounts(800_000, 800, EvidenceSimulator.ExpectedHistogram(800_000, 0.1, 0.5)),
            TimeSpan.FromMinutes(5));

        public Task<MetricsBatch> ReadAsync(IReadOnlyList<MetricTarget> targets, CancellationToken cancellationToken)
        {
            var at = DateTimeOffset.UtcNow;
            var readings = targets.ToDictionary(t => t.Rollout, t => new MetricsReading(t.Rollout, at,
                new VersionMetrics(0.115, 0.001, 50, 15_000), new VersionMetrics(0.100, 0.001, 200, 60_000), [])
            {
                Counts = Counts,
                CountsSince = at - TimeSpan.FromMinutes(5),
            });
            return Task.FromResult(new MetricsBatch(at, true, null, readings, []));
        }
    }

    private sealed class KnownRollouts : IRolloutDirectory
    {
        public Task<RolloutLookup> LookUpAsync(RolloutKey rollout, CancellationToken cancellationToken) =>
            Task.FromResult(new RolloutLookup(RolloutPresence.Known, "known to the test"));
    }

    private sealed class NoRuns : IRecordedRunSource
    {
        public string? Unavailable => null;
        public string Description => "no runs";
        public ValueTask<IReadOnlyList<RecordedRun>> GetRunsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<RecordedRun>>([]);
    }
}
