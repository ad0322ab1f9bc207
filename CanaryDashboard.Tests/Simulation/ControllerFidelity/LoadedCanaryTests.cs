using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Tests.Simulation.ControllerFidelity;

/// <summary>
/// Canary rollouts loaded with the status an Argo controller wrote keep it: the pod hash, stable
/// ReplicaSet, step, abort and pause state stay the current revision, whatever our hash function
/// makes of the template. Expected summaries are worked out by hand from Argo's rules
/// (status.phase/message as written; step = currentStepIndex/len(steps); setWeight 0 when aborted,
/// else the current or nearest earlier setWeight; actualWeight from status.canary.weights with
/// traffic routing, else canary available × 100 / available).
/// </summary>
public sealed class LoadedCanaryTests
{
    internal const string AbortedCheckout = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: checkout
          namespace: shop
          uid: 0b6f3c2e-1111-4a00-9000-000000000001
          generation: 3
          labels: {app: checkout}
          annotations:
            rollout.argoproj.io/revision: "2"
        spec:
          replicas: 4
          selector:
            matchLabels: {app: checkout}
          template:
            metadata:
              creationTimestamp: null
              labels: {app: checkout}
            spec:
              containers:
              - name: checkout
                image: registry.local/checkout:v2
          strategy:
            canary:
              canaryService: checkout-canary
              stableService: checkout-stable
              trafficRouting:
                nginx: {stableIngress: checkout}
              steps:
              - setWeight: 10
              - pause: {}
        status:
          abort: true
          abortedAt: "2026-02-28T10:00:00Z"
          currentPodHash: 6d4b9c7f8
          currentStepHash: 5f9c6b7d4
          currentStepIndex: 0
          stableRS: 58c9b7d5f
          observedGeneration: "3"
          phase: Degraded
          message: "RolloutAborted: Rollout aborted update to revision 2"
          replicas: 4
          updatedReplicas: 0
          readyReplicas: 4
          availableReplicas: 4
          HPAReplicas: 4
          selector: app=checkout
          canary:
            weights:
              canary: {podTemplateHash: 6d4b9c7f8, serviceName: checkout-canary, weight: 0}
              stable: {podTemplateHash: 58c9b7d5f, serviceName: checkout-stable, weight: 100}
          conditions:
          - type: Progressing
            status: "False"
            reason: RolloutAborted
            message: Rollout aborted update to revision 2
            lastTransitionTime: "2026-02-28T10:00:00Z"
            lastUpdateTime: "2026-02-28T10:00:00Z"
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: checkout-58c9b7d5f
          namespace: shop
          labels: {app: checkout, rollouts-pod-template-hash: 58c9b7d5f}
          annotations: {rollout.argoproj.io/revision: "1", rollout.argoproj.io/desired-replicas: "4"}
          ownerReferences:
          - {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: checkout, uid: 0b6f3c2e-1111-4a00-9000-000000000001, controller: true}
        spec:
          replicas: 4
          selector:
            matchLabels: {app: checkout, rollouts-pod-template-hash: 58c9b7d5f}
          template:
            metadata:
              labels: {app: checkout, rollouts-pod-template-hash: 58c9b7d5f}
            spec:
              containers:
              - {name: checkout, image: "registry.local/checkout:v1"}
        status: {replicas: 4, readyReplicas: 4, availableReplicas: 4}
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: checkout-6d4b9c7f8
          namespace: shop
          labels: {app: checkout, rollouts-pod-template-hash: 6d4b9c7f8}
          annotations: {rollout.argoproj.io/revision: "2", rollout.argoproj.io/desired-replicas: "4"}
          ownerReferences:
          - {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: checkout, uid: 0b6f3c2e-1111-4a00-9000-000000000001, controller: true}
        spec:
          replicas: 0
          selector:
            matchLabels: {app: checkout, rollouts-pod-template-hash: 6d4b9c7f8}
          template:
            metadata:
              labels: {app: checkout, rollouts-pod-template-hash: 6d4b9c7f8}
            spec:
              containers:
              - {name: checkout, image: "registry.local/checkout:v2"}
        status: {replicas: 0}
        """;

    internal const string PausedWeb = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: web
          namespace: shop
          uid: 0b6f3c2e-1111-4a00-9000-000000000002
          generation: 5
          annotations:
            rollout.argoproj.io/revision: "4"
        spec:
          replicas: 5
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - {name: web, image: "registry.local/web:v4"}
          strategy:
            canary:
              steps:
              - setWeight: 20
              - pause: {}
        status:
          currentPodHash: 7c9d5f6b8
          currentStepHash: 6b4f8d7c5
          currentStepIndex: 1
          stableRS: 5b8f7c9d6
          controllerPause: true
          pauseConditions:
          - {reason: CanaryPauseStep, startTime: "2026-03-01T09:00:00Z"}
          observedGeneration: "4"
          phase: Paused
          message: CanaryPauseStep
          replicas: 5
          updatedReplicas: 1
          readyReplicas: 5
          availableReplicas: 5
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web-5b8f7c9d6
          namespace: shop
          labels: {app: web, rollouts-pod-template-hash: 5b8f7c9d6}
          annotations: {rollout.argoproj.io/revision: "3"}
          ownerReferences:
          - {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web, uid: 0b6f3c2e-1111-4a00-9000-000000000002, controller: true}
        spec:
          replicas: 4
          selector:
            matchLabels: {app: web, rollouts-pod-template-hash: 5b8f7c9d6}
          template:
            metadata:
              labels: {app: web, rollouts-pod-template-hash: 5b8f7c9d6}
            spec:
              containers:
              - {name: web, image: "registry.local/web:v3"}
        status: {replicas: 4, readyReplicas: 4, availableReplicas: 4}
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web-7c9d5f6b8
          namespace: shop
          labels: {app: web, rollouts-pod-template-hash: 7c9d5f6b8}
          annotations: {rollout.argoproj.io/revision: "4"}
          ownerReferences:
          - {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web, uid: 0b6f3c2e-1111-4a00-9000-000000000002, controller: true}
        spec:
          replicas: 1
          selector:
            matchLabels: {app: web, rollouts-pod-template-hash: 7c9d5f6b8}
          template:
            metadata:
              labels: {app: web, rollouts-pod-template-hash: 7c9d5f6b8}
            spec:
              containers:
              - {name: web, image: "registry.local/web:v4"}
        status: {replicas: 1, readyReplicas: 1, availableReplicas: 1}
        """;

    [Fact]
    public void An_aborted_canary_stays_aborted_on_its_step_with_weight_zero()
    {
        var harness = new ControllerHarness();
        harness.Load(AbortedCheckout);

        harness.Reconcile();
        var afterFirst = harness.Store.ResourceVersion;
        harness.Reconcile(times: 20, every: TimeSpan.FromMinutes(3));

        Assert.Equal(("Degraded", "RolloutAborted: Rollout aborted update to revision 2", "0/2", "0", "0"), harness.Summary("shop", "checkout"));
        var status = harness.Status("shop", "checkout");
        Assert.True(Json.Bool(status["abort"]));
        Assert.Equal("2026-02-28T10:00:00Z", Json.Str(status["abortedAt"]));
        Assert.Equal(("6d4b9c7f8", "58c9b7d5f", "5f9c6b7d4"),
            (Json.Str(status["currentPodHash"]), Json.Str(status["stableRS"]), Json.Str(status["currentStepHash"])));
        Assert.Equal("2", Json.Str(harness.Rollout("shop", "checkout")["metadata"]!["annotations"]!["rollout.argoproj.io/revision"]));
        Assert.Equal(["checkout-58c9b7d5f", "checkout-6d4b9c7f8"], harness.Names(ResourceCatalog.ReplicaSets, "shop"));
        Assert.Equal((4, 0), (harness.Replicas("shop", "checkout-58c9b7d5f"), harness.Replicas("shop", "checkout-6d4b9c7f8")));
        Assert.Equal(afterFirst, harness.Store.ResourceVersion);   // settled: later reconciles write nothing
    }

    [Fact]
    public void Retry_of_a_loaded_abort_runs_the_steps_again_from_step_zero()
    {
        var harness = new ControllerHarness();
        harness.Load(AbortedCheckout);
        harness.Reconcile();

        harness.ChangeStatus(ResourceCatalog.Rollouts, "shop", "checkout", s => s["abort"] = false);   // kubectl argo rollouts retry
        harness.Reconcile();

        // setWeight 10 is taken, then the indefinite pause holds: step 1 of 2, 10 % routed (ceil(4 × 10 %) = 1 pod).
        Assert.Equal(("Paused", "CanaryPauseStep", "1/2", "10", "10"), harness.Summary("shop", "checkout"));
        Assert.Equal("6d4b9c7f8", Json.Str(harness.Status("shop", "checkout")["currentPodHash"]));
        Assert.Equal(1, harness.Replicas("shop", "checkout-6d4b9c7f8"));
    }

    [Fact]
    public void A_canary_on_an_indefinite_pause_stays_paused_and_observes_its_generation()
    {
        var harness = new ControllerHarness();
        harness.Load(PausedWeb);
        Assert.Equal(("Progressing", "waiting for rollout spec update to be observed"),
            (harness.Snapshot("shop", "web").Status, harness.Snapshot("shop", "web").Message));   // observedGeneration 4 < generation 5

        harness.Reconcile();
        harness.Reconcile(times: 48, every: TimeSpan.FromHours(1));

        // Basic canary: actualWeight = canary available (1) × 100 / status.availableReplicas (5).
        Assert.Equal(("Paused", "CanaryPauseStep", "1/2", "20", "20"), harness.Summary("shop", "web"));
        var status = harness.Status("shop", "web");
        Assert.Equal("5", Json.Str(status["observedGeneration"]));
        Assert.Equal("2026-03-01T09:00:00Z", Json.Str(status["pauseConditions"]![0]!["startTime"]));
        Assert.True(Json.Bool(status["controllerPause"]));
        Assert.Equal(("7c9d5f6b8", "5b8f7c9d6"), (Json.Str(status["currentPodHash"]), Json.Str(status["stableRS"])));
        Assert.Equal((4, 1), (harness.Replicas("shop", "web-5b8f7c9d6"), harness.Replicas("shop", "web-7c9d5f6b8")));
    }

    [Fact]
    public void A_later_template_change_starts_a_new_revision_at_step_zero()
    {
        var harness = new ControllerHarness();
        harness.Load(PausedWeb);
        harness.Reconcile();

        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        harness.Change(ResourceCatalog.Rollouts, "shop", "web", r => r["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "registry.local/web:v5");
        harness.Reconcile();

        var status = harness.Status("shop", "web");
        var newHash = Json.Str(status["currentPodHash"])!;
        Assert.NotEqual("7c9d5f6b8", newHash);
        Assert.Equal("5b8f7c9d6", Json.Str(status["stableRS"]));
        Assert.Equal((6L, "6"), (Json.Long(harness.Rollout("shop", "web")["metadata"]!["generation"]), Json.Str(status["observedGeneration"])));
        Assert.Equal("5", Json.Str(harness.Rollout("shop", "web")["metadata"]!["annotations"]!["rollout.argoproj.io/revision"]));
        // From step 0: setWeight 20 is taken, then the pause holds again, started now.
        Assert.Equal(("Paused", "CanaryPauseStep", "1/2", "20", "20"), harness.Summary("shop", "web"));
        Assert.Equal(Json.Timestamp(harness.Clock.GetUtcNow()), Json.Str(status["pauseConditions"]![0]!["startTime"]));
        Assert.Equal((4, 0, 1), (harness.Replicas("shop", "web-5b8f7c9d6"), harness.Replicas("shop", "web-7c9d5f6b8"), harness.Replicas("shop", $"web-{newHash}")));
        Assert.Equal("5", Json.Str(harness.Get(ResourceCatalog.ReplicaSets, "shop", $"web-{newHash}")["metadata"]!["annotations"]!["rollout.argoproj.io/revision"]));
    }
}
