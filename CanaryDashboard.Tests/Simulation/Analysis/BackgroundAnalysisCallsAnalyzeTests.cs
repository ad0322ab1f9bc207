using System.Net;
using System.Text.Json.Nodes;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Analysis;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Seeding;
using CanaryDashboard.Simulation.Workload;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CanaryDashboard.Tests.Simulation.Analysis;

/// <summary>
/// Done when: the real app listens on a 127.0.0.1 port and hosts its simulated cluster; the
/// simulated Argo's background analysis, with the chart's example AnalysisTemplate (web provider,
/// its in-cluster URL resolved by the simulated DNS to this app), calls the dashboard's real
/// <c>/analyze</c> over HTTP and, as Argo would, aborts the rollout on a breach, pauses it with
/// <c>InconclusiveAnalysisRun</c> when there is not enough data, and lets a healthy one proceed to
/// the end. The controller loop is slowed to one pass per 10 minutes and the test drives the
/// passes itself; it waits only on conditions.
/// </summary>
public sealed class BackgroundAnalysisCallsAnalyzeTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "analysis-http-" + Guid.NewGuid().ToString("N")[..8]);
    private LoopbackSimulatedApp _app = null!;
    private SimulatedCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _app = new LoopbackSimulatedApp(_dataPath, new Dictionary<string, string?>
        {
            ["Simulation:SeedExampleRollouts"] = "false",
            ["Simulation:ControllerInterval"] = "00:10:00",   // the test drives the passes
        });
        _app.StartServer();
        _cluster = _app.Services.GetRequiredService<SimulatedCluster>();
        await _cluster.Started.WaitAsync(Wait.Long);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task Argos_background_analysis_over_http_aborts_on_breach_pauses_on_no_data_and_lets_a_healthy_canary_proceed()
    {
        _cluster.Store.Load(ExampleAnalysisTemplate.For(Ns));
        // /analyze weighs only evidence, counted from the rung's entry (the pause start the next pass writes) to its
        // answer. The measuring pass follows at once (the canary gets its 50 % in it), so the canaries serve for
        // milliseconds: at 100,000,000 req/s (50,000 canary requests a millisecond) a healthy canary shows "within"
        // after 8,000 canary requests (16 s at the app's 1000 req/s, Simulation README): 0.16 ms, far less than one pass.
        _cluster.Workload.RequestsPerSecond = 100_000_000;
        var rollouts = new Dictionary<string, TrafficScenario>
        {
            ["regression"] = TrafficScenario.PoolExhaustion,   // the pool runs dry from 30 %: breach at 50 %
            ["idle"] = TrafficScenario.NoTraffic,              // no requests: insufficient data
            ["healthy"] = TrafficScenario.Healthy,
        };
        foreach (var (name, scenario) in rollouts)
        {
            _cluster.Workload.SetScenario(new RolloutKey(Ns, name), scenario);
            _cluster.Store.Load(Rollout(name));
        }
        await _cluster.Controller.ReconcileAllAsync();   // v1 of each: promoted at once, no analysis
        var snapshots = _app.Services.GetRequiredService<IRolloutSnapshotProvider>();
        await Wait.UntilAsync(() => rollouts.Keys.All(n => snapshots.Get(new RolloutKey(Ns, n)) is not null), "the dashboard's watch to see the rollouts");

        foreach (var name in rollouts.Keys)
            _cluster.Store.Update(ResourceCatalog.Rollouts, Ns, name, r =>
            {
                r["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "registry.local/app:v2";
                return r;
            });
        await _cluster.Controller.ReconcileAllAsync();   // v2: setWeight 50, paused at step 1 (the starting step)
        await _cluster.Controller.ReconcileAllAsync();   // background runs created and measured at once: GET /analyze

        // Breach: /analyze says "breach", the failureCondition holds, failureLimit 0: the run fails and the rollout is aborted.
        var regression = Rollout("regression", out var regressionRun);
        Assert.Equal(AnalysisPhase.Failed, Phase(regressionRun));
        Assert.Contains("\"status\":\"breach\"", LastValue(regressionRun));
        Assert.Contains("\"rateWindow\"", LastValue(regressionRun));   // the body is /analyze's own answer
        Assert.Equal("Degraded", Json.Str(regression["status"]!["phase"]));
        Assert.Equal("Metric \"safe-weight\" assessed Failed due to failed (1) > failureLimit (0)", Json.Str(regressionRun["status"]!["message"]));
        // The reason rides on the aborting reconcile only; the next one writes the bare message (rollout/sync.go, argo-rollouts#3957).
        Assert.Equal("RolloutAborted: Rollout aborted update to revision 2", Json.Str(regression["status"]!["message"]));

        // Insufficient data: neither condition holds, inconclusiveLimit 0: the run is Inconclusive and the rollout pauses.
        var idle = Rollout("idle", out var idleRun);
        Assert.Equal(AnalysisPhase.Inconclusive, Phase(idleRun));
        Assert.Contains("\"status\":\"insufficient-data\"", LastValue(idleRun));
        Assert.Equal("Paused", Json.Str(idle["status"]!["phase"]));
        Assert.Contains("InconclusiveAnalysisRun", ((JsonArray)idle["status"]!["pauseConditions"]!).Select(c => Json.Str(c!["reason"])));
        Assert.True(Json.Bool(idle["status"]!["controllerPause"]));
        Assert.Null(idle["status"]!["abort"]);

        // Healthy: "proceed" is a success; the run keeps running (an interval, no count) and the rollout goes on when promoted.
        var healthy = Rollout("healthy", out var healthyRun);
        Assert.Equal(AnalysisPhase.Running, Phase(healthyRun));
        Assert.Contains("\"status\":\"proceed\"", LastValue(healthyRun));
        Assert.Equal("Running", Json.Str(healthy["status"]!["canary"]!["currentBackgroundAnalysisRunStatus"]!["status"]));
        for (var promote = 0; promote < 2; promote++)
        {
            _cluster.Store.Update(ResourceCatalog.Rollouts, Ns, "healthy", r =>
            {
                r["status"]!.AsObject().Remove("pauseConditions");
                return r;
            });
            await _cluster.Controller.ReconcileAllAsync();
        }
        healthy = Rollout("healthy", out healthyRun);
        Assert.Equal("Healthy", Json.Str(healthy["status"]!["phase"]));
        Assert.Equal((AnalysisPhase.Successful, "Run Terminated"), (Phase(healthyRun), Json.Str(healthyRun["status"]!["message"])));   // terminated at completion
        Assert.All(healthyRun["status"]!["metricResults"]![0]!["measurements"]!.AsArray(), m => Assert.Equal("Successful", Json.Str(m!["phase"])));
    }

    private JsonObject Rollout(string name, out JsonObject run)
    {
        var rollout = _cluster.Store.Get(ResourceCatalog.Rollouts, Ns, name)!;
        var hash = Json.Str(rollout["status"]!["currentPodHash"]);
        run = _cluster.Store.Get(ResourceCatalog.AnalysisRuns, Ns, $"{name}-{hash}-2")
              ?? throw new Xunit.Sdk.XunitException($"no background AnalysisRun {name}-{hash}-2");
        return rollout;
    }

    private static string? Phase(JsonObject run) => Json.Str(run["status"]?["phase"]);

    private static string LastValue(JsonObject run) =>
        Json.Str(run["status"]!["metricResults"]![0]!["measurements"]!.AsArray()[^1]!["value"]) ?? "";

    /// <summary>A ladder rollout (50 %, 75 %, each paused) with the chart's background analysis from step 1.</summary>
    private static JsonObject Rollout(string name)
    {
        var rollout = ExampleRollouts.Rollout(new ExampleRollouts.Example(Ns, name, TrafficScenario.Healthy, 4, TrafficRouting: true, AtWeight: null,
            BackgroundAnalysis: true), "v1");
        rollout["spec"]!["strategy"]!["canary"]!["steps"] = new JsonArray(
            new JsonObject { ["setWeight"] = 50 }, new JsonObject { ["pause"] = new JsonObject() },
            new JsonObject { ["setWeight"] = 75 }, new JsonObject { ["pause"] = new JsonObject() });
        rollout["metadata"]!.AsObject().Remove("annotations");   // the scenario is injected, not annotated
        return rollout;
    }
}
