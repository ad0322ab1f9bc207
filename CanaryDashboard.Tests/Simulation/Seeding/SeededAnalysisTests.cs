using System.Net;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CanaryDashboard.Tests.Simulation.Seeding;

/// <summary>
/// A fresh app (Simulated mode, seeded, on a loopback port) runs the chart's AnalysisTemplate as
/// a cluster would: the simulated Argo calls the app's own /analyze for every seeded rollout, a
/// healthy one keeps a Running analysis, the one without traffic is paused InconclusiveAnalysisRun.
/// </summary>
public sealed class SeededAnalysisTests : IAsyncDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "seeded-analysis-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task The_seeded_rollouts_background_analysis_asks_this_apps_analyze()
    {
        await using var app = new LoopbackSimulatedApp(_dataPath, new Dictionary<string, string?>
        {
            ["Simulation:ControllerInterval"] = "00:00:00.200",
            // /analyze weighs the counts since the rung's entry (the seeding, at start), and Argo measures the background
            // analysis as soon as the app answers: at the app's 1000 req/s a healthy canary at 20 % needs 26 s to show
            // "within" (Simulation README), so the first answer would be insufficient-data (Inconclusive: paused). At
            // 1,000,000 req/s it needs 26 ms, less than the app takes to sync its watch and answer at all.
            ["Simulation:RequestsPerSecond"] = "1000000",
        });
        app.StartServer();
        var cluster = app.Services.GetRequiredService<SimulatedCluster>();
        await cluster.Started.WaitAsync(Wait.Long);

        // No traffic: /analyze answers insufficient-data, the run ends Inconclusive, Argo pauses the rollout.
        await Wait.UntilAsync(() => PauseReasons(cluster, "storefront", "recommendations").Contains("InconclusiveAnalysisRun"),
            "recommendations paused by an inconclusive analysis", TimeSpan.FromSeconds(90));
        // Healthy: a Successful measurement whose value is /analyze's "proceed" answer, the run still Running.
        await Wait.UntilAsync(() => BackgroundRun(cluster, "storefront", "checkout-web") is { } run
                && Json.Str(run["status"]?["phase"]) == "Running" && Json.Int(run["status"]?["metricResults"]?[0]?["successful"]) >= 1,
            "checkout-web's analysis measured Successful", TimeSpan.FromSeconds(90),
            describe: () => $"rollout status: {cluster.Store.Get(ResourceCatalog.Rollouts, "storefront", "checkout-web")?["status"]?.ToJsonString()}; "
                            + $"run: {BackgroundRun(cluster, "storefront", "checkout-web")?["status"]?.ToJsonString()}");
        var measurements = BackgroundRun(cluster, "storefront", "checkout-web")!["status"]!["metricResults"]![0]!["measurements"]!.AsArray();
        Assert.Contains(measurements, m => Json.Str(m!["value"])?.Contains("\"status\":\"proceed\"", StringComparison.Ordinal) == true);
    }

    private static string[] PauseReasons(SimulatedCluster cluster, string ns, string name) =>
        (cluster.Store.Get(ResourceCatalog.Rollouts, ns, name)?["status"]?["pauseConditions"] as System.Text.Json.Nodes.JsonArray)?
            .Select(c => Json.Str(c?["reason"]) ?? "").ToArray() ?? [];

    private static System.Text.Json.Nodes.JsonObject? BackgroundRun(SimulatedCluster cluster, string ns, string name) =>
        Json.Str(cluster.Store.Get(ResourceCatalog.Rollouts, ns, name)?["status"]?["canary"]?["currentBackgroundAnalysisRunStatus"]?["name"]) is { } run
            ? cluster.Store.Get(ResourceCatalog.AnalysisRuns, ns, run)
            : null;

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
