using System.Net.Http.Json;
using System.Text.Json;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Tests.Kubernetes.Fixtures;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Simulation;

/// <summary>
/// What a user does to try their own Argo objects: a folder of Rollouts with their status given as
/// <c>--Simulation:ManifestsPath</c>. <c>/api/rollouts</c> shows each as Argo would (status, message,
/// step, setWeight, actualWeight) once loaded, and still after 30 s of the simulated controller
/// running on the app's clock: aborted, paused on a step, an experiment whose analysis failed, a
/// blue-green rollout paused for promotion, a traffic-routed canary progressing through an analysis
/// step. The expected values are worked out by hand (Own/expected.json, and the comments in
/// Manifests/traffic-routed-analysis), never read back from the code under test.
/// </summary>
public sealed class ManifestsPathThroughApiTests : IAsyncLifetime
{
    /// <summary>Just after the last status the objects were written with (13:10:30).</summary>
    private static readonly DateTimeOffset LoadedAt = new(2026, 3, 2, 13, 11, 0, TimeSpan.Zero);

    private static readonly string[] OwnScenarios = ["canary-aborted", "canary-paused", "experiment-failed", "bluegreen-paused"];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "manifests-api-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _clock = new(LoadedAt);
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _client = null!;

    private string Manifests => Path.Combine(_root, "manifests");

    public async Task InitializeAsync()
    {
        foreach (var scenario in OwnScenarios)
            CopyFolder(Path.Combine(OwnFixtures.Set.Root, "testdata", scenario), Path.Combine(Manifests, scenario));
        CopyFolder(Path.Combine(AppContext.BaseDirectory, "Simulation", "Manifests", "traffic-routed-analysis"), Path.Combine(Manifests, "traffic-routed-analysis"));

        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataPath"] = Path.Combine(_root, "data"),
                ["Cluster:Mode"] = "Simulated",
                ["Cluster:KubeconfigPath"] = "",
                ["Simulation:SeedExampleRollouts"] = "false",
                ["Simulation:ManifestsPath"] = Manifests,
                ["Simulation:ControllerInterval"] = "00:00:02",
                ["Polling:Enabled"] = "false",   // only Argo (simulated) acts here
            }));
            b.ConfigureTestServices(s =>
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton<TimeProvider>(_clock);
            });
        });
        _client = _app.CreateClient();
        await WaitForControllerAndWatchAsync();
        Assert.Empty(Cluster.Manifests!.Problems);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private SimulatedCluster Cluster => _app.Services.GetRequiredService<SimulatedCluster>();

    /// <summary>(status, message, step, setWeight, actualWeight) as Argo derives them, per rollout.</summary>
    public static TheoryData<string, string, string, string?, string?, string?> Expected() => new()
    {
        // Aborted by a failed step analysis: the reason rides on the reconcile that aborted; every later
        // reconcile writes the bare message (rollout/sync.go calculateRolloutConditions).
        { "cart", "Degraded", "RolloutAborted: Rollout aborted update to revision 3", "0/5", "0", "0" },
        // Indefinite pause on step 1 at 25 %, basic canary. Loaded with 2 canary and 4 stable pods (33 %, what
        // Own/expected.json reads from the objects as written); Argo's controller rescales them to its closest
        // split for 5 replicas at 25 %, 1 canary and 4 stable, so it shows 1 × 100 / 5 = 20 % (canary.go
        // approximateWeightedCanaryStableReplicaCounts: 20 % is 5 away from 25, 40 % is 15, 33 % with a surge pod 8.3).
        { "checkout", "Paused", "CanaryPauseStep", "1/6", "25", "20" },
        // The experiment step's analysis failed: aborted, step back to 0, weights 0.
        { "shipping", "Degraded", "RolloutAborted: Rollout aborted update to revision 6", "0/4", "0", "0" },
        // Blue-green waiting for promotion: no step nor weights.
        { "storefront", "Paused", "BlueGreenPause", null, null, null },
        // Traffic-routed canary on its analysis step; the next measurement is due 5 minutes after the last.
        { "ranking", "Progressing", "more replicas need to be updated", "1/4", "20", "20" },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task A_loaded_rollout_shows_what_argo_shows_once_loaded_and_after_30_seconds_of_the_controller(
        string name, string status, string message, string? step, string? setWeight, string? actualWeight)
    {
        var expected = (status, message, step, setWeight, actualWeight);
        Assert.Equal(expected, await SummaryAsync(name));

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromSeconds(30); elapsed += TimeSpan.FromSeconds(2))
            await NextControllerPassAsync(TimeSpan.FromSeconds(2));
        await WaitForControllerAndWatchAsync();

        Assert.Equal(expected, await SummaryAsync(name));
    }

    [Fact]
    public void The_traffic_routed_canary_kept_its_analysis_run_and_no_request_left_the_machine()
    {
        var run = Cluster.Store.Get(ResourceCatalog.AnalysisRuns, OwnFixtures.Namespace, "ranking-8b6d4f7c9-3-1")!;
        Assert.Equal("Running", Json.Str(run["status"]!["phase"]));
        // One measurement, the loaded one: the next is due at 13:15:00, long after this test's clock.
        Assert.Equal(1, Json.Int(run["status"]!["metricResults"]![0]!["count"]));
    }

    private async Task<(string, string, string?, string?, string?)> SummaryAsync(string name)
    {
        var rollouts = await _client.GetFromJsonAsync<JsonElement>($"/api/rollouts?namespace={OwnFixtures.Namespace}");
        var rollout = rollouts.EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
        string? Text(string property) => rollout.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;
        return (Text("status")!, Text("message")!, Text("step"), Text("setWeight"), Text("actualWeight"));
    }

    /// <summary>Advances the app's clock by one controller interval and waits for the pass it triggers.</summary>
    private async Task NextControllerPassAsync(TimeSpan interval)
    {
        var passes = Cluster.Controller.Passes;
        _clock.Advance(interval);
        await Wait.UntilAsync(() => Cluster.Controller.Passes > passes, "the simulated controller's next pass");
    }

    /// <summary>Until the controller has run and the dashboard's watch holds every rollout at the store's own version.</summary>
    private async Task WaitForControllerAndWatchAsync()
    {
        var snapshots = _app.Services.GetRequiredService<IRolloutSnapshotProvider>();
        await Wait.UntilAsync(() => Cluster.Controller.Passes > 0, "the simulated controller's first pass");
        await Wait.UntilAsync(() =>
        {
            var stored = Cluster.Store.All(ResourceCatalog.Rollouts);
            return stored.Count == 5 && stored.All(r =>
                snapshots.Get(new(Json.Namespace(r), Json.Name(r)))?.ResourceVersion == Json.Str(r["metadata"]!["resourceVersion"]));
        }, "the watch to hold every rollout at the store's version");
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
