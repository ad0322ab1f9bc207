using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Controller;

namespace CanaryDashboard.Tests.Simulation.ControllerFidelity;

/// <summary>
/// An experiment step from scratch (rollout/experiment.go, experiments/): the Experiment, its
/// ReplicaSets and AnalysisRun are made as Argo names and shapes them, and the experiment's phase
/// moves the rollout. The AnalysisRun's outcome is written by the test, as Argo's analysis
/// controller would write it (the template measures only after a day), so these tests hold whatever
/// the simulated analysis engine decides.
/// </summary>
public sealed class ExperimentStepTests
{
    private const string FailedMetric = "Metric \"error-rate\" assessed Failed due to failed (1) > failureLimit (0)";

    private static string Web(string experiment) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: web
          namespace: shop
          labels: {app: web, team: storefront}
        spec:
          replicas: 4
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - {name: web, image: "registry.local/web:v1"}
          strategy:
            canary:
              steps:
              - setWeight: 25
              - experiment:
        {{experiment}}
              - pause: {}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: smoke, namespace: shop}
        spec:
          metrics:
          - name: error-rate
            # The simulated provider, a day away: the simulated analysis controller takes no
            # measurement within these tests, so the outcome is the one each test writes.
            initialDelay: 24h
            provider:
              simulated: {}
        """;

    private const string TimedExperiment = """
                  duration: 5m
                  templates:
                  - {name: canary-preview, specRef: canary, replicas: 1}
                  - {name: baseline, specRef: stable, replicas: 1}
                  analyses:
                  - {name: smoke, templateName: smoke}
        """;

    /// <summary>v1 deployed (promoted at once), then v2 rolled out: setWeight 25 taken, the experiment started.</summary>
    private static (ControllerHarness Harness, string Hash, string Experiment) StartExperiment(string experiment = TimedExperiment)
    {
        var harness = new ControllerHarness();   // the tests decide the runs (the template's initialDelay is a day)
        harness.Load(Web(experiment));
        harness.Reconcile();
        harness.Change(ResourceCatalog.Rollouts, "shop", "web", r => r["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "registry.local/web:v2");
        harness.Reconcile();
        var hash = Json.Str(harness.Status("shop", "web")["currentPodHash"])!;
        return (harness, hash, $"web-{hash}-2-1");
    }

    private static void AnalysisRunEnds(ControllerHarness harness, string run, string phase, string? message = null) =>
        harness.ChangeStatus(ResourceCatalog.AnalysisRuns, "shop", run, s =>
        {
            s["phase"] = phase;
            if (message is not null)
                s["message"] = message;
        });

    [Fact]
    public void The_step_creates_the_experiment_its_replica_sets_and_analysis_run_as_argo_names_them()
    {
        var (harness, hash, name) = StartExperiment();
        var rolloutUid = Json.Str(harness.Rollout("shop", "web")["metadata"]!["uid"]);

        Assert.Equal(name, Json.Str(harness.Status("shop", "web")["canary"]!["currentExperiment"]));
        // Basic canary at 25 %: 1 of 4 pods, Argo's phase for an unpaused canary short of replicas.
        Assert.Equal(("Progressing", "more replicas need to be updated", "1/3", "25", "25"), harness.Summary("shop", "web"));

        var experiment = harness.Get(ResourceCatalog.Experiments, "shop", name);
        var owner = experiment["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal(("Rollout", "web", rolloutUid), (Json.Str(owner["kind"]), Json.Str(owner["name"]), Json.Str(owner["uid"])));
        Assert.Equal(("web", "storefront", hash), (Json.Str(experiment["metadata"]!["labels"]!["app"]), Json.Str(experiment["metadata"]!["labels"]!["team"]),
            Json.Str(experiment["metadata"]!["labels"]!["rollouts-pod-template-hash"])));
        Assert.Equal("2", Json.Str(experiment["metadata"]!["annotations"]!["rollout.argoproj.io/revision"]));
        Assert.Equal("5m", Json.Str(experiment["spec"]!["duration"]));
        var templates = experiment["spec"]!["templates"]!.AsArray();
        Assert.Equal("registry.local/web:v2", Json.Str(templates[0]!["template"]!["spec"]!["containers"]![0]!["image"]));   // specRef: canary
        Assert.Equal("registry.local/web:v1", Json.Str(templates[1]!["template"]!["spec"]!["containers"]![0]!["image"]));   // specRef: stable

        var status = experiment["status"]!;
        Assert.Equal("Running", Json.Str(status["phase"]));
        Assert.Equal(Json.Timestamp(ControllerHarness.Start), Json.Str(status["availableAt"]));
        Assert.All(status["templateStatuses"]!.AsArray(), t => Assert.Equal(("Running", 1), (Json.Str(t!["status"]), Json.Int(t["availableReplicas"]))));
        var analysis = status["analysisRuns"]![0]!;
        Assert.Equal(("smoke", $"{name}-smoke", "Running"), (Json.Str(analysis["name"]), Json.Str(analysis["analysisRun"]), Json.Str(analysis["phase"])));

        foreach (var template in new[] { "canary-preview", "baseline" })
        {
            var rs = harness.Get(ResourceCatalog.ReplicaSets, "shop", $"{name}-{template}");
            Assert.Equal((name, template), (Json.Str(rs["metadata"]!["annotations"]![SimulatedRolloutController.ExperimentNameAnnotation]),
                Json.Str(rs["metadata"]!["annotations"]![SimulatedRolloutController.ExperimentTemplateNameAnnotation])));
            Assert.Equal(("Experiment", Json.Str(experiment["metadata"]!["uid"])),
                (Json.Str(rs["metadata"]!["ownerReferences"]![0]!["kind"]), Json.Str(rs["metadata"]!["ownerReferences"]![0]!["uid"])));
            Assert.Equal((1, 1), (Json.Int(rs["spec"]!["replicas"]), Json.Int(rs["status"]!["readyReplicas"])));
        }
        var run = harness.Get(ResourceCatalog.AnalysisRuns, "shop", $"{name}-smoke");
        Assert.Equal(("Experiment", name), (Json.Str(run["metadata"]!["ownerReferences"]![0]!["kind"]), Json.Str(run["metadata"]!["ownerReferences"]![0]!["name"])));
        Assert.Equal("error-rate", Json.Str(run["spec"]!["metrics"]![0]!["name"]));

        var snapshot = harness.Snapshot("shop", "web");
        Assert.Equal(("Running", 2), (snapshot.Experiments.Single().Status, snapshot.Experiments.Single().ReplicaSets.Count));
        Assert.Contains(snapshot.Images, i => i.Image == "registry.local/web:v2" && i.Tags.Contains("Σ:canary-preview"));
    }

    [Fact]
    public void A_successful_experiment_completes_the_step_after_its_duration_and_scales_down()
    {
        var (harness, _, name) = StartExperiment();
        AnalysisRunEnds(harness, $"{name}-smoke", "Successful");

        harness.Reconcile(every: TimeSpan.FromMinutes(4));
        Assert.Equal("Running", Json.Str(harness.Get(ResourceCatalog.Experiments, "shop", name)["status"]!["phase"]));   // the duration decides
        Assert.Equal("1/3", harness.Snapshot("shop", "web").Step);

        harness.Reconcile(every: TimeSpan.FromMinutes(1.5));

        Assert.Equal("Successful", Json.Str(harness.Get(ResourceCatalog.Experiments, "shop", name)["status"]!["phase"]));
        Assert.Equal(("Paused", "CanaryPauseStep", "2/3", "25", "25"), harness.Summary("shop", "web"));
        Assert.Null(harness.Status("shop", "web")["canary"]!["currentExperiment"]);
        Assert.Equal(1, harness.Replicas("shop", $"{name}-canary-preview"));   // scaleDownDelaySeconds (30) first

        harness.Reconcile(every: TimeSpan.FromSeconds(31));
        Assert.Equal((0, 0), (harness.Replicas("shop", $"{name}-canary-preview"), harness.Replicas("shop", $"{name}-baseline")));
        Assert.Equal(("Paused", "2/3"), (harness.Snapshot("shop", "web").Status, harness.Snapshot("shop", "web").Step));
    }

    [Fact]
    public void A_failed_analysis_fails_the_experiment_and_aborts_the_rollout_with_argos_message()
    {
        var (harness, hash, name) = StartExperiment();
        AnalysisRunEnds(harness, $"{name}-smoke", "Failed", FailedMetric);

        harness.Reconcile(every: TimeSpan.FromSeconds(10));

        var experiment = harness.Get(ResourceCatalog.Experiments, "shop", name);
        Assert.Equal(("Failed", FailedMetric), (Json.Str(experiment["status"]!["phase"]), Json.Str(experiment["status"]!["message"])));
        // The reason rides on the aborting reconcile only (rollout/sync.go, argo-rollouts#3957); it stays on the experiment.
        Assert.Equal(("Degraded", "RolloutAborted: Rollout aborted update to revision 2", "0/3", "0", "0"), harness.Summary("shop", "web"));
        Assert.Equal(0, harness.Replicas("shop", $"web-{hash}"));

        harness.Reconcile(times: 5, every: TimeSpan.FromMinutes(1));
        Assert.Equal(("Degraded", "0/3"), (harness.Snapshot("shop", "web").Status, harness.Snapshot("shop", "web").Step));
        Assert.Equal([name], harness.Names(ResourceCatalog.Experiments, "shop"));
        Assert.Equal(0, harness.Replicas("shop", $"{name}-canary-preview"));
    }

    [Fact]
    public void An_inconclusive_experiment_pauses_and_a_promote_runs_the_step_again()
    {
        var (harness, _, name) = StartExperiment();
        AnalysisRunEnds(harness, $"{name}-smoke", "Inconclusive");

        harness.Reconcile(times: 3, every: TimeSpan.FromSeconds(10));

        Assert.Equal(("Paused", "InconclusiveExperiment", "1/3", "25", "25"), harness.Summary("shop", "web"));
        Assert.Equal([name], harness.Names(ResourceCatalog.Experiments, "shop"));

        harness.ChangeStatus(ResourceCatalog.Rollouts, "shop", "web", s => s.Remove("pauseConditions"));   // promote
        harness.Reconcile();

        // Argo's experiment for the step was finished, so a fresh one is made under the next free name.
        Assert.Equal($"{name}-1", Json.Str(harness.Status("shop", "web")["canary"]!["currentExperiment"]));
        Assert.Equal("Running", Json.Str(harness.Get(ResourceCatalog.Experiments, "shop", $"{name}-1")["status"]!["phase"]));
        Assert.Equal(("Progressing", "1/3"), (harness.Snapshot("shop", "web").Status, harness.Snapshot("shop", "web").Step));
    }

    [Fact]
    public void Promoting_past_a_running_experiment_terminates_it()
    {
        var (harness, _, name) = StartExperiment();

        // kubectl argo rollouts promote with no pause condition: the next step index.
        harness.ChangeStatus(ResourceCatalog.Rollouts, "shop", "web", s => s["currentStepIndex"] = 2);
        harness.Reconcile(every: TimeSpan.FromSeconds(10));

        var experiment = harness.Get(ResourceCatalog.Experiments, "shop", name);
        Assert.True(Json.Bool(experiment["spec"]!["terminate"]));   // Argo's cancelExperiments
        Assert.Equal("Successful", Json.Str(experiment["status"]!["phase"]));
        Assert.Equal(("Successful", "Run Terminated"), (Json.Str(harness.Get(ResourceCatalog.AnalysisRuns, "shop", $"{name}-smoke")["status"]!["phase"]),
            Json.Str(harness.Get(ResourceCatalog.AnalysisRuns, "shop", $"{name}-smoke")["status"]!["message"])));
        Assert.Equal(("Paused", "CanaryPauseStep", "2/3"), (harness.Snapshot("shop", "web").Status, harness.Snapshot("shop", "web").Message,
            harness.Snapshot("shop", "web").Step));
        Assert.Null(harness.Status("shop", "web")["canary"]!["currentExperiment"]);

        harness.Reconcile(every: TimeSpan.FromSeconds(31));
        Assert.Equal(0, harness.Replicas("shop", $"{name}-canary-preview"));
    }

    [Fact]
    public void Without_a_duration_the_experiment_ends_when_its_required_analysis_succeeds()
    {
        var (harness, _, name) = StartExperiment("""
                  templates:
                  - {name: canary-preview, specRef: canary, replicas: 1}
                  analyses:
                  - {name: smoke, templateName: smoke, requiredForCompletion: true}
        """);

        harness.Reconcile(times: 3, every: TimeSpan.FromSeconds(20));
        Assert.Equal("1/3", harness.Snapshot("shop", "web").Step);   // no duration: it runs until the required analysis ends
        Assert.Equal("Running", Json.Str(harness.Get(ResourceCatalog.Experiments, "shop", name)["status"]!["phase"]));

        AnalysisRunEnds(harness, $"{name}-smoke", "Successful");
        harness.Reconcile();

        var status = (JsonObject)harness.Get(ResourceCatalog.Experiments, "shop", name)["status"]!;
        Assert.Equal(("Successful", "Required AnalysisRuns completed"), (Json.Str(status["phase"]), Json.Str(status["message"])));
        Assert.Equal(("Paused", "CanaryPauseStep", "2/3"), (harness.Snapshot("shop", "web").Status, harness.Snapshot("shop", "web").Message,
            harness.Snapshot("shop", "web").Step));
    }
}
