using System.Text.Json.Nodes;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Analysis;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Workload;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Simulation.Controller;

/// <summary>
/// The simulated rollout controller's analysis, as Argo's rollout/analysis.go: background and step
/// AnalysisRuns created from their templates, and the rollout aborted, paused or moved on by their
/// phases. The metric is this simulation's <c>simulated</c> provider (the weight engine on the
/// simulated workload) judged by the same conditions as the chart's template; a fake clock drives it.
/// </summary>
public sealed class RolloutAnalysisTests : SimulatedClusterTestBase
{
    private const string Ns = "shop";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected override SimulatedClusterOptions CreateOptions()
    {
        var options = base.CreateOptions();
        options.TimeProvider = _clock;
        return options;
    }

    /// <summary>The chart template's conditions over the simulated provider; every 30 s (background) or once (a step).</summary>
    private void LoadTemplate(string name = "engine", bool once = false, bool clusterScope = false)
    {
        var metric = new JsonObject
        {
            ["name"] = "engine",
            ["successCondition"] = "result.status == \"proceed\"",
            ["failureCondition"] = "result.status == \"breach\"",
            ["provider"] = new JsonObject { ["simulated"] = new JsonObject() },
        };
        if (!once)
            metric["interval"] = "30s";
        var metadata = new JsonObject { ["name"] = name };
        if (!clusterScope)
            metadata["namespace"] = Ns;
        Cluster.Store.Load(new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = clusterScope ? "ClusterAnalysisTemplate" : "AnalysisTemplate",
            ["metadata"] = metadata,
            // The rollout's arguments reach the run only when the template declares them (helpers.go MergeArgs).
            ["spec"] = new JsonObject { ["args"] = new JsonArray(new JsonObject { ["name"] = "rollout", ["value"] = "unset" }), ["metrics"] = new JsonArray(metric) },
        });
    }

    private static JsonObject Background(int startingStep = 1, string template = "engine") => new()
    {
        ["startingStep"] = startingStep,
        ["templates"] = new JsonArray(new JsonObject { ["templateName"] = template }),
        ["args"] = new JsonArray(new JsonObject
        {
            ["name"] = "rollout",
            ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.name" } },
        }),
    };

    private static JsonObject AnalysisStep(string template = "engine", bool clusterScope = false) => new()
    {
        ["analysis"] = new JsonObject
        {
            ["templates"] = new JsonArray(new JsonObject { ["templateName"] = template, ["clusterScope"] = clusterScope }),
        },
    };

    /// <summary>Deploys v1 (promoted at once) then rolls out v2; returns v2's pod template hash.</summary>
    private string Deploy(string name, TrafficScenario scenario, JsonArray? steps = null, JsonObject? background = null)
    {
        Cluster.Workload.SetScenario(new RolloutKey(Ns, name), scenario);
        var rollout = LadderRollout(Ns, name, steps: steps ?? Ladder(20, 50));
        if (background is not null)
            rollout["spec"]!["strategy"]!["canary"]!["analysis"] = background;
        Cluster.Store.Load(rollout);
        Cluster.Controller.ReconcileAll();
        Cluster.Store.Update(ResourceCatalog.Rollouts, Ns, name, r =>
        {
            r["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "registry.local/app:v2";
            return r;
        });
        Cluster.Controller.ReconcileAll();
        return Json.Str(Rollout(name)["status"]!["currentPodHash"])!;
    }

    private JsonObject Rollout(string name) => Cluster.Store.Get(ResourceCatalog.Rollouts, Ns, name)!;

    private JsonObject? Run(string name) => Cluster.Store.Get(ResourceCatalog.AnalysisRuns, Ns, name);

    private static JsonNode? Status(JsonObject rollout, string path) =>
        path.Split('.').Aggregate((JsonNode?)rollout["status"], (node, key) => node?[key]);

    private static string[] PauseReasons(JsonObject rollout) =>
        (rollout["status"]!["pauseConditions"] as JsonArray)?.Select(c => Json.Str(c!["reason"])!).ToArray() ?? [];

    private void SetStatus(string name, Action<JsonObject> change) => Cluster.Store.Update(ResourceCatalog.Rollouts, Ns, name, r =>
    {
        change(r["status"]!.AsObject());
        return r;
    });

    [Fact]
    public void Background_analysis_starts_at_its_starting_step_as_Argo_names_labels_and_owns_it()
    {
        LoadTemplate();
        var hash = Deploy("web", TrafficScenario.Healthy, background: Background(startingStep: 3));
        Assert.Equal(1, Json.Int(Status(Rollout("web"), "currentStepIndex")));
        Assert.Empty(Cluster.Store.All(ResourceCatalog.AnalysisRuns, Ns));   // step 1 is before the starting step

        SetStatus("web", s => s.Remove("pauseConditions"));   // promote: setWeight 50 (step 2), pause (step 3)
        Cluster.Controller.ReconcileAll();
        Assert.Equal(3, Json.Int(Status(Rollout("web"), "currentStepIndex")));

        var run = Run($"web-{hash}-2")!;
        var labels = run["metadata"]!["labels"]!;
        Assert.Equal(("Background", hash, "web"), (Json.Str(labels["rollout-type"]), Json.Str(labels["rollouts-pod-template-hash"]), Json.Str(labels["app"])));
        Assert.Equal("2", Json.Str(run["metadata"]!["annotations"]!["rollout.argoproj.io/revision"]));
        var owner = run["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal(("Rollout", Json.Str(Rollout("web")["metadata"]!["uid"]), true), (Json.Str(owner["kind"]), Json.Str(owner["uid"]), Json.Bool(owner["controller"])));
        Assert.Equal("web", Json.Str(run["spec"]!["args"]![0]!["value"]));   // valueFrom.fieldRef metadata.name

        // Measured at once by the analysis controller: Running (the interval runs on), one Successful measurement.
        Assert.Equal(AnalysisPhase.Running, Json.Str(run["status"]!["phase"]));
        Assert.Equal(1, Json.Int(run["status"]!["metricResults"]![0]!["successful"]));
        var rollout = Rollout("web");
        Assert.Equal($"web-{hash}-2", Json.Str(Status(rollout, "canary.currentBackgroundAnalysisRunStatus.name")));
        Assert.Equal("Running", Json.Str(Status(rollout, "canary.currentBackgroundAnalysisRunStatus.status")));
        Assert.Equal(["CanaryPauseStep"], PauseReasons(rollout));   // the analysis does not touch the pause step
    }

    [Fact]
    public void A_background_breach_aborts_the_rollout_with_Argos_message_and_the_run_is_then_forgotten()
    {
        LoadTemplate();
        var hash = Deploy("pool", TrafficScenario.PoolExhaustion, background: Background());
        Cluster.Controller.ReconcileAll();   // run created and measured at 20 %: the pool still copes
        Assert.Equal("Running", Json.Str(Status(Rollout("pool"), "canary.currentBackgroundAnalysisRunStatus.status")));

        SetStatus("pool", s => s.Remove("pauseConditions"));   // promote to 50 %
        Cluster.Controller.ReconcileAll();
        Assert.Equal(50, Json.Int(Status(Rollout("pool"), "canary.weights.canary.weight")));
        _clock.Advance(TimeSpan.FromSeconds(31));
        Cluster.Controller.ReconcileAll();

        var run = Run($"pool-{hash}-2")!;
        Assert.Equal(AnalysisPhase.Failed, Json.Str(run["status"]!["phase"]));
        var rollout = Rollout("pool");
        Assert.Equal("Metric \"engine\" assessed Failed due to failed (1) > failureLimit (0)", Json.Str(run["status"]!["message"]));
        Assert.Equal("Degraded", Json.Str(Status(rollout, "phase")));
        // The reason rides on the aborting reconcile only; the next one writes the bare message (rollout/sync.go, argo-rollouts#3957).
        Assert.Equal("RolloutAborted: Rollout aborted update to revision 2", Json.Str(Status(rollout, "message")));
        Assert.True(Json.Bool(Status(rollout, "abort")));
        Assert.Equal(0, Json.Int(Status(rollout, "canary.weights.canary.weight")));

        Cluster.Controller.ReconcileAll();   // Argo's next reconcile of an aborted rollout cancels and forgets its runs
        Assert.Null(Status(Rollout("pool"), "canary.currentBackgroundAnalysisRunStatus"));
        Assert.Equal(AnalysisPhase.Failed, Json.Str(Run($"pool-{hash}-2")!["status"]!["phase"]));
    }

    [Fact]
    public void Too_little_data_pauses_the_rollout_inconclusive_and_a_promote_starts_a_new_run()
    {
        LoadTemplate();
        var hash = Deploy("idle", TrafficScenario.NoTraffic, background: Background());
        Cluster.Controller.ReconcileAll();

        var rollout = Rollout("idle");
        Assert.Equal(AnalysisPhase.Inconclusive, Json.Str(Run($"idle-{hash}-2")!["status"]!["phase"]));
        Assert.Contains("InconclusiveAnalysisRun", PauseReasons(rollout));
        Assert.True(Json.Bool(Status(rollout, "controllerPause")));
        Assert.Equal("Paused", Json.Str(Status(rollout, "phase")));
        Assert.Equal("Inconclusive", Json.Str(Status(rollout, "canary.currentBackgroundAnalysisRunStatus.status")));
        Assert.Equal(1, Json.Int(Status(rollout, "currentStepIndex")));
        Assert.False(Json.Bool(Status(rollout, "abort")) == true);

        Cluster.Controller.ReconcileAll();   // held: no step, no new run
        Assert.Equal(1, Json.Int(Status(Rollout("idle"), "currentStepIndex")));
        Assert.Null(Run($"idle-{hash}-2.1"));

        SetStatus("idle", s => s.Remove("pauseConditions"));   // the dashboard's promote
        Cluster.Controller.ReconcileAll();

        Assert.NotNull(Run($"idle-{hash}-2.1"));   // Argo's collision counter: the first name is taken by the finished run
        rollout = Rollout("idle");
        Assert.Equal(3, Json.Int(Status(rollout, "currentStepIndex")));   // past the pause step, to the next rung's pause
        Assert.Equal($"idle-{hash}-2.1", Json.Str(Status(rollout, "canary.currentBackgroundAnalysisRunStatus.name")));
        Assert.Contains("InconclusiveAnalysisRun", PauseReasons(rollout));   // still no traffic: paused again
    }

    [Fact]
    public void Past_the_unsuccessful_history_limit_old_runs_are_deleted()
    {
        LoadTemplate();
        Cluster.Workload.SetScenario(new RolloutKey(Ns, "idle"), TrafficScenario.NoTraffic);
        var hash = Deploy("idle", TrafficScenario.NoTraffic, background: Background());
        Cluster.Store.Update(ResourceCatalog.Rollouts, Ns, "idle", r =>
        {
            r["spec"]!["analysis"] = new JsonObject { ["unsuccessfulRunHistoryLimit"] = 0 };
            return r;
        });
        Cluster.Controller.ReconcileAll();
        SetStatus("idle", s => s.Remove("pauseConditions"));
        Cluster.Controller.ReconcileAll();

        Assert.Null(Run($"idle-{hash}-2"));
        Assert.NotNull(Run($"idle-{hash}-2.1"));
    }

    [Fact]
    public void Completing_the_rollout_terminates_the_background_run_which_ends_Successful()
    {
        LoadTemplate();
        var hash = Deploy("web", TrafficScenario.Healthy, background: Background());
        Cluster.Controller.ReconcileAll();
        Assert.Equal(AnalysisPhase.Running, Json.Str(Run($"web-{hash}-2")!["status"]!["phase"]));

        SetStatus("web", s => s["promoteFull"] = true);
        Cluster.Controller.ReconcileAll();

        var run = Run($"web-{hash}-2")!;
        Assert.True(Json.Bool(run["spec"]!["terminate"]));
        Assert.Equal((AnalysisPhase.Successful, "Run Terminated"), (Json.Str(run["status"]!["phase"]), Json.Str(run["status"]!["message"])));
        var rollout = Rollout("web");
        Assert.Equal("Healthy", Json.Str(Status(rollout, "phase")));
        Assert.Null(Status(rollout, "canary.currentBackgroundAnalysisRunStatus"));
    }

    [Fact]
    public void An_abort_terminates_the_background_run_and_a_retry_starts_a_fresh_one()
    {
        LoadTemplate();
        var hash = Deploy("web", TrafficScenario.Healthy, background: Background());
        Cluster.Controller.ReconcileAll();

        SetStatus("web", s => s["abort"] = true);
        Cluster.Controller.ReconcileAll();
        Assert.Equal((AnalysisPhase.Successful, "Run Terminated"),
            (Json.Str(Run($"web-{hash}-2")!["status"]!["phase"]), Json.Str(Run($"web-{hash}-2")!["status"]!["message"])));
        Assert.Equal("Degraded", Json.Str(Status(Rollout("web"), "phase")));

        SetStatus("web", s => s["abort"] = false);   // retry: from step 0, so before the starting step
        Cluster.Controller.ReconcileAll();
        Cluster.Controller.ReconcileAll();
        Assert.Equal(AnalysisPhase.Running, Json.Str(Run($"web-{hash}-2.1")!["status"]!["phase"]));
        Assert.Equal($"web-{hash}-2.1", Json.Str(Status(Rollout("web"), "canary.currentBackgroundAnalysisRunStatus.name")));
    }

    [Fact]
    public void A_step_analysis_is_named_and_labelled_by_its_step_and_moves_on_when_Successful()
    {
        LoadTemplate(once: true);
        var hash = Deploy("web", TrafficScenario.Healthy, steps: new JsonArray(
            new JsonObject { ["setWeight"] = 20 }, AnalysisStep(), new JsonObject { ["setWeight"] = 50 }, new JsonObject { ["pause"] = new JsonObject() }));

        var run = Run($"web-{hash}-2-1")!;
        Assert.Equal(("Step", "1"), (Json.Str(run["metadata"]!["labels"]!["rollout-type"]), Json.Str(run["metadata"]!["labels"]!["step-index"])));
        Assert.Equal(AnalysisPhase.Successful, Json.Str(run["status"]!["phase"]));   // measured in the same pass
        var rollout = Rollout("web");
        Assert.Equal(3, Json.Int(Status(rollout, "currentStepIndex")));
        Assert.Null(Status(rollout, "canary.currentStepAnalysisRunStatus"));
    }

    [Fact]
    public void An_inconclusive_step_is_promoted_past_by_Argos_promote_and_run_again_by_a_bare_resume()
    {
        LoadTemplate(once: true);
        var steps = new JsonArray(new JsonObject { ["setWeight"] = 20 }, AnalysisStep(), new JsonObject { ["setWeight"] = 50 }, new JsonObject { ["pause"] = new JsonObject() });
        var promoted = Deploy("a", TrafficScenario.NoTraffic, steps: (JsonArray)steps.DeepClone());
        var resumed = Deploy("b", TrafficScenario.NoTraffic, steps: (JsonArray)steps.DeepClone());
        foreach (var name in new[] { "a", "b" })
        {
            Assert.Contains("InconclusiveAnalysisRun", PauseReasons(Rollout(name)));
            Assert.Equal("Inconclusive", Json.Str(Status(Rollout(name), "canary.currentStepAnalysisRunStatus.status")));
        }

        // kubectl argo rollouts promote (and the dashboard): clear the pause, lift the controller pause, next step.
        SetStatus("a", s => { s.Remove("pauseConditions"); s["controllerPause"] = false; s["currentStepIndex"] = 2; });
        // Clearing only the pause conditions: Argo analyses the step again.
        SetStatus("b", s => s.Remove("pauseConditions"));
        Cluster.Controller.ReconcileAll();

        Assert.Equal(3, Json.Int(Status(Rollout("a"), "currentStepIndex")));
        Assert.Null(Status(Rollout("a"), "canary.currentStepAnalysisRunStatus"));
        Assert.Equal(1, Json.Int(Status(Rollout("b"), "currentStepIndex")));
        Assert.Equal($"b-{resumed}-2-1.1", Json.Str(Status(Rollout("b"), "canary.currentStepAnalysisRunStatus.name")));
        Assert.NotNull(Run($"a-{promoted}-2-1"));
    }

    [Fact]
    public void A_missing_template_holds_the_rollout_with_InvalidSpec_until_it_exists()
    {
        var hash = Deploy("web", TrafficScenario.Healthy, background: Background(startingStep: 0));

        var rollout = Rollout("web");
        var invalid = (rollout["status"]!["conditions"] as JsonArray)!.Single(c => Json.Str(c!["type"]) == "InvalidSpec")!;
        Assert.Equal("The Rollout \"web\" is invalid: spec.strategy.canary.analysis.templates: Invalid value: \"engine\": AnalysisTemplate 'engine' not found",
            Json.Str(invalid["message"]));
        Assert.Equal(0, Json.Int(Status(rollout, "currentStepIndex")));   // no step taken
        Assert.Empty(Cluster.Store.All(ResourceCatalog.AnalysisRuns, Ns));

        LoadTemplate();
        Cluster.Controller.ReconcileAll();
        rollout = Rollout("web");
        Assert.DoesNotContain((rollout["status"]!["conditions"] as JsonArray)!, c => Json.Str(c!["type"]) == "InvalidSpec");
        Assert.Equal(1, Json.Int(Status(rollout, "currentStepIndex")));
        Assert.NotNull(Run($"web-{hash}-2"));
    }

    [Fact]
    public void A_step_whose_metric_never_ends_is_an_invalid_spec()
    {
        LoadTemplate(once: false);   // an interval and no count: runs until terminated
        Deploy("web", TrafficScenario.Healthy, steps: new JsonArray(new JsonObject { ["setWeight"] = 20 }, AnalysisStep()));
        var invalid = (Rollout("web")["status"]!["conditions"] as JsonArray)!.Single(c => Json.Str(c!["type"]) == "InvalidSpec")!;
        Assert.EndsWith("AnalysisTemplate engine has metric engine which runs indefinitely. Invalid value for count: <nil>", Json.Str(invalid["message"]));
    }

    [Fact]
    public void A_step_can_use_a_cluster_analysis_template()
    {
        LoadTemplate(name: "cluster-engine", once: true, clusterScope: true);
        var hash = Deploy("web", TrafficScenario.Healthy, steps: new JsonArray(
            new JsonObject { ["setWeight"] = 20 }, AnalysisStep("cluster-engine", clusterScope: true), new JsonObject { ["pause"] = new JsonObject() }));
        Assert.Equal(AnalysisPhase.Successful, Json.Str(Run($"web-{hash}-2-1")!["status"]!["phase"]));
        Assert.Equal(2, Json.Int(Status(Rollout("web"), "currentStepIndex")));
    }
}
