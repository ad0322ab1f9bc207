using System.Text.Json.Nodes;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Controller;
using CanaryDashboard.Simulation.Workload;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Simulation;

/// <summary>
/// The simulated Argo controller, driven by a fake clock: each action is the exact patch of DESIGN §4
/// sent through KubernetesClient, then one reconcile.
/// </summary>
public sealed class SimulatedControllerTests : SimulatedClusterTestBase
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected override SimulatedClusterOptions CreateOptions()
    {
        var options = base.CreateOptions();
        options.TimeProvider = _clock;
        return options;
    }

    [Fact]
    public async Task The_first_version_is_promoted_at_once_with_owned_replica_sets_and_pods()
    {
        Cluster.Store.Load(LadderRollout("shop", "web", replicas: 3));
        Cluster.Controller.ReconcileAll();

        var rollout = await GetRollout("web");
        var status = rollout["status"]!;
        Assert.Equal("Healthy", Json.Str(status["phase"]));
        Assert.Equal(Json.Str(status["stableRS"]), Json.Str(status["currentPodHash"]));
        Assert.Equal(8, Json.Int(status["currentStepIndex"]));
        Assert.Equal("1", Json.Str(status["observedGeneration"]));
        Assert.Equal(3, Json.Int(status["availableReplicas"]));

        var hash = Json.Str(status["currentPodHash"])!;
        var replicaSets = await Client.AppsV1.ListNamespacedReplicaSetAsync("shop", labelSelector: $"rollouts-pod-template-hash={hash}");
        var rs = Assert.Single(replicaSets.Items);
        Assert.Equal($"web-{hash}", rs.Metadata.Name);
        Assert.Equal(Json.Str(rollout["metadata"]!["uid"]), Assert.Single(rs.Metadata.OwnerReferences).Uid);
        Assert.Equal(3, rs.Spec.Replicas);
        var pods = await Client.CoreV1.ListNamespacedPodAsync("shop", labelSelector: $"rollouts-pod-template-hash={hash}");
        Assert.Equal(3, pods.Items.Count);
        Assert.All(pods.Items, p => Assert.Equal(rs.Metadata.Uid, Assert.Single(p.Metadata.OwnerReferences).Uid));
        Assert.All(pods.Items, p => Assert.Equal("Running", p.Status.Phase));
    }

    [Fact]
    public async Task A_new_version_takes_set_weight_then_stops_at_the_pause_with_CanaryPauseStep()
    {
        var hash = await DeployNewVersion("web");

        var rollout = await GetRollout("web");
        var status = rollout["status"]!;
        Assert.Equal(2, Json.Long(rollout["metadata"]!["generation"]));
        Assert.Equal("2", Json.Str(status["observedGeneration"]));
        Assert.Equal(hash, Json.Str(status["currentPodHash"]));
        Assert.NotEqual(hash, Json.Str(status["stableRS"]));
        Assert.Equal(1, Json.Int(status["currentStepIndex"]));
        Assert.Equal("Paused", Json.Str(status["phase"]));
        Assert.Equal("CanaryPauseStep", Json.Str(status["message"]));
        Assert.Equal("CanaryPauseStep", Json.Str(status["pauseConditions"]![0]!["reason"]));
        Assert.True(Json.Bool(status["controllerPause"]));
        Assert.Equal(1, CanaryWeight(rollout));
        Assert.Equal(99, Json.Int(status["canary"]!["weights"]!["stable"]!["weight"]));
        Assert.Equal(1, await ReplicasOf("web", hash));
        Assert.Equal(4, await ReplicasOf("web", Json.Str(status["stableRS"])!));
    }

    [Fact]
    public async Task Promote_on_a_CanaryPauseStep_goes_to_the_next_rung_and_advance_jumps_to_rung_k()
    {
        await DeployNewVersion("web");

        await PatchStatus("web", """{"status":{"pauseConditions":null}}""");          // promote (pause conditions present)
        var afterPromote = await GetRollout("web");
        Assert.Equal("waiting for rollout to unpause", ArgoWouldShow(afterPromote));     // before the controller acts
        Cluster.Controller.ReconcileAll();
        var promoted = await GetRollout("web");
        Assert.Equal(3, Json.Int(promoted["status"]!["currentStepIndex"]));
        Assert.Equal(2, CanaryWeight(promoted));
        Assert.Equal("Paused", Json.Str(promoted["status"]!["phase"]));

        await PatchStatus("web", """{"status":{"pauseConditions":null,"currentStepIndex":6}}""");   // advance to rung 10 (step 6)
        Cluster.Controller.ReconcileAll();
        var advanced = await GetRollout("web");
        Assert.Equal(7, Json.Int(advanced["status"]!["currentStepIndex"]));
        Assert.Equal(10, CanaryWeight(advanced));
        Assert.Equal("CanaryPauseStep", Json.Str(advanced["status"]!["pauseConditions"]![0]!["reason"]));
    }

    [Fact]
    public async Task A_watcher_sees_the_promote_patch_and_then_the_controller_moving_the_rollout()
    {
        await DeployNewVersion("web");
        var from = Cluster.Store.ResourceVersion.ToString();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var steps = new List<int?>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in Client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                               Group, Version, "shop", Rollouts, resourceVersion: from, cancellationToken: cts.Token))
            {
                Assert.Equal(k8s.WatchEventType.Modified, type);
                var step = Json.Int(ToNode(item)["status"]!["currentStepIndex"]);
                steps.Add(step);
                if (step == 3) break;
            }
        }, cts.Token);
        while (Cluster.Store.WatcherCount == 0) await Task.Delay(20, cts.Token);

        await PatchStatus("web", """{"status":{"pauseConditions":null}}""");
        Cluster.Controller.ReconcileAll();
        await watching;

        Assert.Equal([1, 3], steps);   // the patch (still step 1), then the controller's one write
    }

    [Fact]
    public async Task A_timed_pause_resumes_when_its_duration_has_elapsed_on_the_clock()
    {
        var steps = new JsonArray(
            new JsonObject { ["setWeight"] = 20 },
            new JsonObject { ["pause"] = new JsonObject { ["duration"] = "30s" } },
            new JsonObject { ["setWeight"] = 50 },
            new JsonObject { ["pause"] = new JsonObject() });
        await DeployNewVersion("web", steps: steps);
        Assert.Equal(1, Json.Int((await GetRollout("web"))["status"]!["currentStepIndex"]));

        _clock.Advance(TimeSpan.FromSeconds(29));
        Cluster.Controller.ReconcileAll();
        Assert.Equal(1, Json.Int((await GetRollout("web"))["status"]!["currentStepIndex"]));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Cluster.Controller.ReconcileAll();
        var resumed = await GetRollout("web");
        Assert.Equal(3, Json.Int(resumed["status"]!["currentStepIndex"]));
        Assert.Equal(50, CanaryWeight(resumed));
    }

    [Fact]
    public async Task Abort_degrades_with_canary_weight_zero_and_retry_restarts_from_step_zero()
    {
        var hash = await DeployNewVersion("web");
        await PatchStatus("web", """{"status":{"pauseConditions":null,"currentStepIndex":6}}""");
        Cluster.Controller.ReconcileAll();

        await PatchStatus("web", """{"status":{"abort":true}}""");
        Cluster.Controller.ReconcileAll();
        var aborted = await GetRollout("web");
        Assert.Equal("Degraded", Json.Str(aborted["status"]!["phase"]));
        Assert.Equal("RolloutAborted: Rollout aborted update to revision 2", Json.Str(aborted["status"]!["message"]));
        Assert.Equal(0, CanaryWeight(aborted));
        Assert.Equal(100, Json.Int(aborted["status"]!["canary"]!["weights"]!["stable"]!["weight"]));
        Assert.Equal(0, await ReplicasOf("web", hash));
        Assert.Null(aborted["status"]!["pauseConditions"]);

        await PatchStatus("web", """{"status":{"abort":false}}""");
        Cluster.Controller.ReconcileAll();
        var retried = await GetRollout("web");
        Assert.Equal("Paused", Json.Str(retried["status"]!["phase"]));
        Assert.Equal(1, Json.Int(retried["status"]!["currentStepIndex"]));
        Assert.Equal(1, CanaryWeight(retried));
        Assert.Equal(1, await ReplicasOf("web", hash));
        Assert.Null(retried["status"]!["abortedAt"]);
    }

    [Fact]
    public async Task Promote_full_takes_every_step_and_makes_the_canary_stable()
    {
        var hash = await DeployNewVersion("web");
        var oldStable = Json.Str((await GetRollout("web"))["status"]!["stableRS"])!;

        await PatchStatus("web", """{"status":{"promoteFull":true}}""");
        Cluster.Controller.ReconcileAll();

        var promoted = await GetRollout("web");
        var status = promoted["status"]!;
        Assert.Equal("Healthy", Json.Str(status["phase"]));
        Assert.Equal(hash, Json.Str(status["stableRS"]));
        Assert.Equal(8, Json.Int(status["currentStepIndex"]));
        Assert.Null(status["promoteFull"]);
        Assert.Null(status["pauseConditions"]);
        Assert.Equal(4, await ReplicasOf("web", hash));
        Assert.Equal(0, await ReplicasOf("web", oldStable));
        var oldPods = await Client.CoreV1.ListNamespacedPodAsync("shop", labelSelector: $"rollouts-pod-template-hash={oldStable}");
        Assert.Empty(oldPods.Items);
    }

    [Fact]
    public async Task Spec_paused_pauses_manually_and_resume_returns_to_the_step_pause()
    {
        await DeployNewVersion("web");
        await PatchStatus("web", """{"status":{"pauseConditions":null}}""");
        await PatchMain("web", """{"spec":{"paused":true}}""");
        Cluster.Controller.ReconcileAll();

        var paused = await GetRollout("web");
        Assert.Equal("Paused", Json.Str(paused["status"]!["phase"]));
        Assert.Equal("manually paused", Json.Str(paused["status"]!["message"]));
        Assert.Equal(1, Json.Int(paused["status"]!["currentStepIndex"]));   // no step is taken while paused
        Assert.Equal(Json.Long(paused["metadata"]!["generation"])!.ToString(), Json.Str(paused["status"]!["observedGeneration"]));

        await PatchMain("web", """{"spec":{"paused":false}}""");
        Cluster.Controller.ReconcileAll();
        var resumed = await GetRollout("web");
        Assert.Equal(3, Json.Int(resumed["status"]!["currentStepIndex"]));
        Assert.Equal("CanaryPauseStep", Json.Str(resumed["status"]!["message"]));
    }

    [Fact]
    public async Task A_basic_canary_shares_the_replicas_and_writes_no_traffic_weights()
    {
        var hash = await DeployNewVersion("web", trafficRouting: false, steps: Ladder(50));
        var rollout = await GetRollout("web");
        Assert.Null(rollout["status"]!["canary"]!["weights"]);
        Assert.Equal(2, await ReplicasOf("web", hash));
        Assert.Equal(2, await ReplicasOf("web", Json.Str(rollout["status"]!["stableRS"])!));
        Assert.Equal(4, Json.Int(rollout["status"]!["availableReplicas"]));
    }

    [Fact]
    public async Task An_analysis_step_fails_on_pool_exhaustion_and_aborts_the_rollout()
    {
        Cluster.Workload.SetScenario(new RolloutKey("shop", "web"), TrafficScenario.PoolExhaustion);
        LoadCanarySafetyTemplate();
        await DeployNewVersion("web", steps: AnalysisSteps(35));
        var runName = Json.Str((await GetRollout("web"))["status"]!["canary"]!["currentStepAnalysisRunStatus"]!["name"])!;
        var running = ToNode(await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, "shop", "analysisruns", runName));
        Assert.Equal("Running", Json.Str(running["status"]!["phase"]));

        _clock.Advance(TimeSpan.FromSeconds(31));
        Cluster.Controller.ReconcileAll();

        var run = ToNode(await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, "shop", "analysisruns", runName));
        Assert.Equal("Failed", Json.Str(run["status"]!["phase"]));
        Assert.Equal("Metric \"canary-safety\" assessed Failed due to failed (1) > failureLimit (0)", Json.Str(run["status"]!["message"]));
        var rollout = await GetRollout("web");
        Assert.Equal("Degraded", Json.Str(rollout["status"]!["phase"]));
        // The reason rides on the aborting reconcile only; the next one writes the bare message (rollout/sync.go, argo-rollouts#3957).
        Assert.Equal("RolloutAborted: Rollout aborted update to revision 2", Json.Str(rollout["status"]!["message"]));
        Assert.Equal(0, CanaryWeight(rollout));
    }

    [Fact]
    public async Task An_analysis_step_succeeds_on_a_healthy_canary_and_an_idle_one_pauses_inconclusive()
    {
        Cluster.Workload.SetScenario(new RolloutKey("shop", "web"), TrafficScenario.Healthy);
        Cluster.Workload.SetScenario(new RolloutKey("shop", "idle"), TrafficScenario.NoTraffic);
        LoadCanarySafetyTemplate();
        await DeployNewVersion("web", steps: AnalysisSteps(35));
        await DeployNewVersion("idle", steps: AnalysisSteps(35));

        _clock.Advance(TimeSpan.FromSeconds(31));
        Cluster.Controller.ReconcileAll();

        var web = await GetRollout("web");
        var hash = Json.Str(web["status"]!["currentPodHash"]);
        var run = Cluster.Store.Get(ResourceCatalog.AnalysisRuns, "shop", $"web-{hash}-2-1")!;
        Assert.Equal("Successful", Json.Str(run["status"]!["phase"]));
        Assert.Null(web["status"]!["canary"]!["currentStepAnalysisRunStatus"]);   // Argo forgets the step's run once the step is done
        Assert.Equal(3, Json.Int(web["status"]!["currentStepIndex"]));
        Assert.Equal(60, CanaryWeight(web));
        var idle = await GetRollout("idle");
        Assert.Equal("Paused", Json.Str(idle["status"]!["phase"]));
        Assert.Equal("InconclusiveAnalysisRun", Json.Str(idle["status"]!["pauseConditions"]![0]!["reason"]));
        Assert.Equal(1, Json.Int(idle["status"]!["currentStepIndex"]));
    }

    [Fact]
    public async Task The_controller_loop_runs_on_the_injected_clock()
    {
        await using var cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions
        {
            DataPath = Path.Combine(Cluster.DataPath, "loop"),
            TimeProvider = _clock,
            RunController = true,
            ControllerInterval = TimeSpan.FromHours(1),   // a real timer would not tick within the test's bound
        });
        cluster.Store.Load(LadderRollout("shop", "looped"));

        // Only the fake clock moves the loop: advance it until the rollout is reconciled (generous real-time bound).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Json.Str(cluster.Store.Get(ResourceCatalog.Rollouts, "shop", "looped")!["status"]?["phase"]) != "Healthy")
        {
            Assert.True(DateTime.UtcNow < deadline, "the controller loop never reconciled");
            _clock.Advance(TimeSpan.FromHours(1));
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// The template the analysis steps name: one measurement of the simulated provider (the weight
    /// engine on the simulated workload) 30 s after the run starts.
    /// </summary>
    private void LoadCanarySafetyTemplate() => Cluster.Store.Load(new JsonObject
    {
        ["apiVersion"] = "argoproj.io/v1alpha1",
        ["kind"] = "AnalysisTemplate",
        ["metadata"] = new JsonObject { ["name"] = "canary-safety", ["namespace"] = "shop" },
        ["spec"] = new JsonObject
        {
            ["metrics"] = new JsonArray(new JsonObject
            {
                ["name"] = "canary-safety",
                ["initialDelay"] = "30s",
                ["provider"] = new JsonObject { ["simulated"] = new JsonObject() },
            }),
        },
    });

    private static JsonArray AnalysisSteps(int weight) => new(
        new JsonObject { ["setWeight"] = weight },
        new JsonObject { ["analysis"] = new JsonObject { ["templates"] = new JsonArray(new JsonObject { ["templateName"] = "canary-safety" }) } },
        new JsonObject { ["setWeight"] = 60 },
        new JsonObject { ["pause"] = new JsonObject() });

    /// <summary>Deploys v1 (promoted at once), then rolls out v2; returns v2's pod template hash.</summary>
    private async Task<string> DeployNewVersion(string name, bool trafficRouting = true, JsonArray? steps = null)
    {
        Cluster.Store.Load(LadderRollout("shop", name, trafficRouting: trafficRouting, steps: steps ?? Ladder(1, 2, 5, 10)));
        Cluster.Controller.ReconcileAll();
        await PatchMain(name, """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"registry.local/app:v2"}]}}}}""");
        Cluster.Controller.ReconcileAll();
        return Json.Str((await GetRollout(name))["status"]!["currentPodHash"])!;
    }

    private async Task<JsonObject> GetRollout(string name) =>
        ToNode(await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, "shop", Rollouts, name));

    private Task PatchStatus(string name, string body) => Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
        new V1Patch(body, V1Patch.PatchType.MergePatch), Group, Version, "shop", Rollouts, name);

    private Task PatchMain(string name, string body) => Client.CustomObjects.PatchNamespacedCustomObjectAsync(
        new V1Patch(body, V1Patch.PatchType.MergePatch), Group, Version, "shop", Rollouts, name);

    private async Task<int?> ReplicasOf(string name, string hash) =>
        (await Client.AppsV1.ReadNamespacedReplicaSetAsync($"{name}-{hash}", "shop")).Spec.Replicas;

    private static int? CanaryWeight(JsonObject rollout) => Json.Int(rollout["status"]?["canary"]?["weights"]?["canary"]?["weight"]);

    /// <summary>Argo's rule 2: controllerPause with no pause conditions reads "waiting for rollout to unpause".</summary>
    private static string ArgoWouldShow(JsonObject rollout) =>
        Json.Bool(rollout["status"]!["controllerPause"]) == true && rollout["status"]!["pauseConditions"] is null
            ? "waiting for rollout to unpause"
            : Json.Str(rollout["status"]!["message"]) ?? "";
}
