using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Tests.Simulation.ControllerFidelity;

/// <summary>
/// Rollouts loaded in the middle of an experiment step, with their Experiment, its ReplicaSet and
/// AnalysisRun: the experiment named in <c>status.canary.currentExperiment</c> is the current one
/// (Argo's GetCurrentExperiment) and is acted on as it is, never made again.
/// </summary>
public sealed class LoadedExperimentTests
{
    private const string FailedMetric = "Metric \"error-rate\" assessed Failed due to failed (1) > failureLimit (0)";

    private static string Experiment(string rollout, string uid, string hash, string phase, string availableAt, string analyses, string analysisStatus) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Experiment
        metadata:
          name: {{rollout}}-{{hash}}-2-1
          namespace: shop
          uid: {{uid}}-e
          labels: {app: {{rollout}}, rollouts-pod-template-hash: {{hash}}}
          annotations: {rollout.argoproj.io/revision: "2"}
          ownerReferences:
          - {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: {{rollout}}, uid: {{uid}}, controller: true}
        spec:
          duration: 10m
          templates:
          - name: canary-preview
            replicas: 1
            selector:
              matchLabels: {app: {{rollout}}, rollouts-pod-template-hash: {{hash}}}
            template:
              metadata:
                labels: {app: {{rollout}}, rollouts-pod-template-hash: {{hash}}}
              spec:
                containers:
                - {name: app, image: "registry.local/{{rollout}}:v2"}
        {{analyses}}
        status:
          phase: {{phase}}
          availableAt: "{{availableAt}}"
          templateStatuses:
          - {name: canary-preview, status: Running, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1}
        {{analysisStatus}}
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: {{rollout}}-{{hash}}-2-1-canary-preview
          namespace: shop
          labels: {app: {{rollout}}, rollouts-pod-template-hash: 6f5b4c8d7}
          annotations:
            experiment.argoproj.io/name: {{rollout}}-{{hash}}-2-1
            experiment.argoproj.io/template-name: canary-preview
          ownerReferences:
          - {apiVersion: argoproj.io/v1alpha1, kind: Experiment, name: {{rollout}}-{{hash}}-2-1, uid: {{uid}}-e, controller: true}
        spec:
          replicas: 1
          selector:
            matchLabels: {app: {{rollout}}, rollouts-pod-template-hash: 6f5b4c8d7}
          template:
            metadata:
              labels: {app: {{rollout}}, rollouts-pod-template-hash: 6f5b4c8d7}
            spec:
              containers:
              - {name: app, image: "registry.local/{{rollout}}:v2"}
        status: {replicas: 1, readyReplicas: 1, availableReplicas: 1}
        """;

    private static string RolloutReplicaSet(string rollout, string uid, string hash, string image, int replicas, int revision) => $$"""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: {{rollout}}-{{hash}}
          namespace: shop
          labels: {app: {{rollout}}, rollouts-pod-template-hash: {{hash}}}
          annotations: {rollout.argoproj.io/revision: "{{revision}}"}
          ownerReferences:
          - {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: {{rollout}}, uid: {{uid}}, controller: true}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: {{rollout}}, rollouts-pod-template-hash: {{hash}}}
          template:
            metadata:
              labels: {app: {{rollout}}, rollouts-pod-template-hash: {{hash}}}
            spec:
              containers:
              - {name: app, image: "{{image}}"}
        status: {replicas: {{replicas}}, readyReplicas: {{replicas}}, availableReplicas: {{replicas}}}
        """;

    private static string Rollout(string name, string uid, string hash, string stable, int replicas, string trafficRouting, string weights,
        int total, bool withAnalysis) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: {{name}}
          namespace: shop
          uid: {{uid}}
          generation: 2
          labels: {app: {{name}}}
          annotations: {rollout.argoproj.io/revision: "2"}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - {name: app, image: "registry.local/{{name}}:v2"}
          strategy:
            canary:
              canaryService: {{name}}-canary
              stableService: {{name}}-stable
        {{trafficRouting}}
              steps:
              - setWeight: 20
              - experiment:
                  duration: 10m
                  templates:
                  - {name: canary-preview, specRef: canary, replicas: 1}
        {{(withAnalysis ? "          analyses: [{name: smoke, templateName: smoke}]" : "")}}
              - setWeight: 40
              - pause: {}
        status:
          currentPodHash: {{hash}}
          stableRS: {{stable}}
          currentStepIndex: 1
          currentStepHash: 7d595679d
          canary:
            currentExperiment: {{name}}-{{hash}}-2-1
        {{weights}}
          observedGeneration: "2"
          phase: Progressing
          message: more replicas need to be updated
          replicas: {{total}}
          updatedReplicas: 1
          readyReplicas: {{total}}
          availableReplicas: {{total}}
        ---
        {{RolloutReplicaSet(name, uid, stable, $"registry.local/{name}:v1", replicas - (trafficRouting.Length > 0 ? 0 : 1), 1)}}
        ---
        {{RolloutReplicaSet(name, uid, hash, $"registry.local/{name}:v2", 1, 2)}}
        """;

    private const string SmokeAnalyses = """
          analyses:
          - {name: smoke, templateName: smoke}
        """;

    [Fact]
    public void An_experiment_step_whose_analysis_failed_aborts_and_stays_degraded()
    {
        const string uid = "0b6f3c2e-1111-4a00-9000-000000000004";
        var harness = new ControllerHarness();
        harness.Load(Rollout("search", uid, "5d7f9b8c6", "8f6c7d9b5", 4, "", "", 4, withAnalysis: true));
        harness.Load(Experiment("search", uid, "5d7f9b8c6", "Failed", "2026-03-01T11:50:00Z", SmokeAnalyses, $$"""
              message: '{{FailedMetric}}'
              analysisRuns:
              - {name: smoke, analysisRun: search-5d7f9b8c6-2-1-smoke, phase: Failed, message: '{{FailedMetric}}'}
            """));
        // Before the controller acts, Argo shows the step as Argo last wrote it (basic canary: 1 of 4 pods = 25 %).
        Assert.Equal(("Progressing", "more replicas need to be updated", "1/4", "20", "25"), harness.Summary("shop", "search"));

        harness.Reconcile();

        // Failed experiment → abort (rollout/experiment.go): step back to 0 (syncRolloutStatusCanary), weights 0.
        // The reason rides on the reconcile that aborts; the controller's next reconcile (in the same
        // pass, as Argo's follows its own write) writes the bare message (rollout/sync.go, argo-rollouts#3957).
        // The reason stays on the failed experiment.
        Assert.Equal(("Degraded", "RolloutAborted: Rollout aborted update to revision 2", "0/4", "0", "0"), harness.Summary("shop", "search"));
        Assert.True(Json.Bool(harness.Status("shop", "search")["abort"]));
        Assert.Null(harness.Status("shop", "search")["canary"]!["currentExperiment"]);

        harness.Reconcile(times: 30, every: TimeSpan.FromMinutes(5));

        // Still aborted; later reconciles write Argo's bare abort message (the detail lives only in the reconcile that aborted).
        Assert.Equal(("Degraded", "RolloutAborted: Rollout aborted update to revision 2", "0/4", "0", "0"), harness.Summary("shop", "search"));
        Assert.Equal(["search-5d7f9b8c6-2-1"], harness.Names(ResourceCatalog.Experiments, "shop"));
        var experiment = harness.Get(ResourceCatalog.Experiments, "shop", "search-5d7f9b8c6-2-1");
        Assert.Equal(("Failed", FailedMetric), (Json.Str(experiment["status"]!["phase"]), Json.Str(experiment["status"]!["message"])));
        Assert.Equal(0, harness.Replicas("shop", "search-5d7f9b8c6-2-1-canary-preview"));   // a finished experiment scales down (after its 30 s delay)
        Assert.Equal((4, 0), (harness.Replicas("shop", "search-8f6c7d9b5"), harness.Replicas("shop", "search-5d7f9b8c6")));
    }

    [Fact]
    public void A_loaded_successful_experiment_completes_its_step_without_a_new_experiment()
    {
        const string uid = "0b6f3c2e-1111-4a00-9000-000000000007";
        var harness = new ControllerHarness();
        harness.Load(Rollout("lens", uid, "3c4d5f6b7", "7b6f5d4c3", 4, "", "", 4, withAnalysis: false));
        harness.Load(Experiment("lens", uid, "3c4d5f6b7", "Successful", "2026-03-01T11:40:00Z", "", ""));

        harness.Reconcile();

        // completedCurrentCanaryStep: the current experiment is Successful, so setWeight 40 and the pause follow.
        // Argo's split for 4 replicas at 40 % (surge 1): (2,4) 50 % Δ10, (1,4) 25 % Δ15, (2,5) 40 % Δ0 → 2 + 3, 40 %.
        Assert.Equal(("Paused", "CanaryPauseStep", "3/4", "40", "40"), harness.Summary("shop", "lens"));
        Assert.Equal(["lens-3c4d5f6b7-2-1"], harness.Names(ResourceCatalog.Experiments, "shop"));
        Assert.Null(harness.Status("shop", "lens")["canary"]!["currentExperiment"]);
    }

    [Fact]
    public void A_running_experiment_step_holds_the_summary_until_its_duration_passes()
    {
        const string uid = "0b6f3c2e-1111-4a00-9000-000000000005";
        var harness = new ControllerHarness();
        harness.Load(Rollout("cart", uid, "9b8c7d6f5", "4c5d6f7b8", 5,
            """
                  trafficRouting:
                    nginx: {stableIngress: cart}
            """,
            """
                weights:
                  canary: {podTemplateHash: 9b8c7d6f5, serviceName: cart-canary, weight: 20}
                  stable: {podTemplateHash: 4c5d6f7b8, serviceName: cart-stable, weight: 80}
            """, 6, withAnalysis: false));
        // Running since 11:58 for 10m; no analyses here, so only the duration decides.
        harness.Load(Experiment("cart", uid, "9b8c7d6f5", "Running", "2026-03-01T11:58:00Z", "", ""));
        var holding = ("Progressing", "more replicas need to be updated", "1/4", "20", "20");

        harness.Reconcile();
        Assert.Equal(holding, harness.Summary("shop", "cart"));
        harness.Reconcile(times: 7, every: TimeSpan.FromMinutes(1));   // until 12:07, inside the duration

        Assert.Equal(holding, harness.Summary("shop", "cart"));
        Assert.Equal("cart-9b8c7d6f5-2-1", Json.Str(harness.Status("shop", "cart")["canary"]!["currentExperiment"]));
        Assert.Equal("Running", harness.Snapshot("shop", "cart").Experiments.Single().Status);
        Assert.Equal((5, 1), (harness.Replicas("shop", "cart-4c5d6f7b8"), harness.Replicas("shop", "cart-9b8c7d6f5")));

        harness.Reconcile(every: TimeSpan.FromMinutes(1.5));   // 12:08:30: past availableAt + 10m

        Assert.Equal("Successful", Json.Str(harness.Get(ResourceCatalog.Experiments, "shop", "cart-9b8c7d6f5-2-1")["status"]!["phase"]));
        // The step is done: setWeight 40 is taken (ceil(5 × 40 %) = 2 pods), then the indefinite pause holds.
        Assert.Equal(("Paused", "CanaryPauseStep", "3/4", "40", "40"), harness.Summary("shop", "cart"));
        Assert.Null(harness.Status("shop", "cart")["canary"]!["currentExperiment"]);
        Assert.Equal(2, harness.Replicas("shop", "cart-9b8c7d6f5"));
    }
}
