using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Tests.Simulation.ControllerFidelity;

/// <summary>
/// A canary Argo timed out because its new pods cannot start (ImagePullBackOff), loaded as Argo's
/// own CLI fixtures have it (no status.phase: the summary is computed from the conditions). Loaded
/// pods keep their state, so the canary stays short of available pods, its setWeight step waits
/// and the ProgressDeadlineExceeded condition stays.
/// </summary>
public sealed class LoadedTimedOutCanaryTests
{
    private const string Uid = "0b6f3c2e-1111-4a00-9000-000000000006";

    private static string ReplicaSet(string hash, string image, int replicas, int revision) => $$"""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: api-{{hash}}
          namespace: shop
          uid: {{Uid}}-{{hash}}
          labels: {app: api, rollouts-pod-template-hash: {{hash}}}
          annotations: {rollout.argoproj.io/revision: "{{revision}}"}
          ownerReferences:
          - {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: api, uid: {{Uid}}, controller: true}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: api, rollouts-pod-template-hash: {{hash}}}
          template:
            metadata:
              labels: {app: api, rollouts-pod-template-hash: {{hash}}}
            spec:
              containers:
              - {name: api, image: "{{image}}"}
        """;

    private static readonly string TimedOutApi = $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: api
          namespace: shop
          uid: {{Uid}}
          generation: 7
          annotations: {rollout.argoproj.io/revision: "2"}
        spec:
          replicas: 4
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
            spec:
              containers:
              - {name: api, image: "registry.local/api:does-not-exist"}
          strategy:
            canary:
              steps:
              - setWeight: 20
              - pause: {}
              - setWeight: 60
              - pause: {}
        status:
          currentPodHash: 65fb5ffc8
          stableRS: 877894d5b
          currentStepIndex: 0
          observedGeneration: "7"
          replicas: 5
          updatedReplicas: 1
          readyReplicas: 4
          availableReplicas: 4
          conditions:
          - type: Progressing
            status: "False"
            reason: ProgressDeadlineExceeded
            message: ReplicaSet "api-65fb5ffc8" has timed out progressing.
            lastTransitionTime: "2026-03-01T11:00:00Z"
            lastUpdateTime: "2026-03-01T11:00:00Z"
        ---
        {{ReplicaSet("877894d5b", "registry.local/api:v1", 4, 1)}}
        status: {replicas: 4, readyReplicas: 4, availableReplicas: 4}
        ---
        {{ReplicaSet("65fb5ffc8", "registry.local/api:does-not-exist", 1, 2)}}
        status: {replicas: 1, readyReplicas: 0, availableReplicas: 0}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: api-65fb5ffc8-7jmqw
          namespace: shop
          labels: {app: api, rollouts-pod-template-hash: 65fb5ffc8}
          ownerReferences:
          - {apiVersion: apps/v1, kind: ReplicaSet, name: api-65fb5ffc8, uid: {{Uid}}-65fb5ffc8, controller: true}
        spec:
          containers:
          - {name: api, image: "registry.local/api:does-not-exist"}
        status:
          phase: Pending
          conditions:
          - {type: Ready, status: "False", reason: ContainersNotReady}
          containerStatuses:
          - name: api
            image: registry.local/api:does-not-exist
            ready: false
            restartCount: 0
            state:
              waiting: {reason: ImagePullBackOff, message: Back-off pulling image}
        """;

    private const string TimedOut = "ProgressDeadlineExceeded: ReplicaSet \"api-65fb5ffc8\" has timed out progressing.";

    [Fact]
    public void A_timed_out_canary_whose_pods_cannot_start_stays_degraded_on_its_set_weight_step()
    {
        var harness = new ControllerHarness();
        harness.Load(TimedOutApi);
        // Argo's rules with no status.phase: the ProgressDeadlineExceeded condition makes it Degraded; the
        // canary's 0 available pods give actualWeight 0 (basic canary: 0 × 100 / 4).
        var expected = ("Degraded", TimedOut, "0/4", "20", "0");
        Assert.Equal(expected, harness.Summary("shop", "api"));

        harness.Reconcile(times: 12, every: TimeSpan.FromMinutes(5));

        Assert.Equal(expected, harness.Summary("shop", "api"));
        Assert.Equal((4, 1), (harness.Replicas("shop", "api-877894d5b"), harness.Replicas("shop", "api-65fb5ffc8")));
        Assert.Equal(["api-65fb5ffc8-7jmqw"], harness.Snapshot("shop", "api").ReplicaSets.Single(r => r.Canary).Pods.Select(p => p.Name));
        Assert.Equal("ImagePullBackOff", harness.Snapshot("shop", "api").ReplicaSets.Single(r => r.Canary).Pods.Single().Status);
    }

    [Fact]
    public void Abort_then_retry_brings_the_canary_up_with_fresh_pods()
    {
        var harness = new ControllerHarness();
        harness.Load(TimedOutApi);
        harness.Reconcile();

        harness.ChangeStatus(ResourceCatalog.Rollouts, "shop", "api", s => s["abort"] = true);
        harness.Reconcile();
        Assert.Equal(("Degraded", "RolloutAborted: Rollout aborted update to revision 2", "0/4", "0", "0"), harness.Summary("shop", "api"));
        Assert.Empty(harness.Snapshot("shop", "api").ReplicaSets.Single(r => r.Canary).Pods);   // the stuck pod is gone with the scale-down

        harness.ChangeStatus(ResourceCatalog.Rollouts, "shop", "api", s => s["abort"] = false);
        harness.Reconcile();
        // The simulation's new pods start at once: setWeight 20, then the pause. Argo's split for 4 replicas
        // at 20 % (surge 1): (1,4) 25 % Δ5, (1,5) 20 % Δ0 → 1 canary + 4 stable, 1 × 100 / 5 = 20 %.
        Assert.Equal(("Paused", "CanaryPauseStep", "1/4", "20", "20"), harness.Summary("shop", "api"));
    }
}
