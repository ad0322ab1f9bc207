using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Controller;

namespace CanaryDashboard.Tests.Simulation.ControllerFidelity;

/// <summary>
/// Blue-green as Argo keeps it (rollout/bluegreen.go, rollout/service.go): a rollout paused with
/// BlueGreenPause stays paused, its services' selectors and ReplicaSets untouched, until promoted;
/// a promote makes the preview active and stable; <c>autoPromotionEnabled: false</c> pauses every
/// new revision. Blue-green prints no step or weights (Argo's get shows none).
/// </summary>
public sealed class LoadedBlueGreenTests
{
    private const string Uid = "0b6f3c2e-1111-4a00-9000-000000000003";

    private static string ReplicaSet(string hash, string image, int replicas, int revision) => $$"""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: store-{{hash}}
          namespace: shop
          labels: {app: store, rollouts-pod-template-hash: {{hash}}}
          annotations: {rollout.argoproj.io/revision: "{{revision}}"}
          ownerReferences:
          - {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: store, uid: {{Uid}}, controller: true}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: store, rollouts-pod-template-hash: {{hash}}}
          template:
            metadata:
              labels: {app: store, rollouts-pod-template-hash: {{hash}}}
            spec:
              containers:
              - {name: store, image: "{{image}}"}
        status: {replicas: {{replicas}}, readyReplicas: {{replicas}}, availableReplicas: {{replicas}}}
        """;

    private static readonly string PausedStore = $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: store
          namespace: shop
          uid: {{Uid}}
          generation: 12
          annotations: {rollout.argoproj.io/revision: "3"}
        spec:
          replicas: 3
          selector:
            matchLabels: {app: store}
          template:
            metadata:
              labels: {app: store}
            spec:
              containers:
              - {name: store, image: "registry.local/store:green"}
          strategy:
            blueGreen:
              activeService: store
              previewService: store-preview
              autoPromotionEnabled: false
        status:
          currentPodHash: 74b948fcc
          stableRS: 6cbccd9f9
          controllerPause: true
          pauseConditions:
          - {reason: BlueGreenPause, startTime: "2026-03-01T08:00:00Z"}
          blueGreen: {activeSelector: 6cbccd9f9, previewSelector: 74b948fcc}
          observedGeneration: "12"
          phase: Paused
          message: BlueGreenPause
          replicas: 6
          updatedReplicas: 3
          readyReplicas: 3
          availableReplicas: 3
          HPAReplicas: 3
          selector: app=store,rollouts-pod-template-hash=6cbccd9f9
        ---
        {{ReplicaSet("6cbccd9f9", "registry.local/store:blue", 3, 2)}}
        ---
        {{ReplicaSet("74b948fcc", "registry.local/store:green", 3, 3)}}
        ---
        {{ReplicaSet("746d5fdd6", "registry.local/store:red", 0, 1)}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: store, namespace: shop}
        spec:
          selector: {app: store, rollouts-pod-template-hash: 6cbccd9f9}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: store-preview, namespace: shop}
        spec:
          selector: {app: store, rollouts-pod-template-hash: 74b948fcc}
        """;

    [Fact]
    public void A_paused_blue_green_rollout_stays_paused_with_its_services_and_replica_sets()
    {
        var harness = new ControllerHarness();
        harness.Load(PausedStore);

        harness.Reconcile(times: 48, every: TimeSpan.FromHours(1));

        Assert.Equal(("Paused", "BlueGreenPause", null, null, null), harness.Summary("shop", "store"));
        var status = harness.Status("shop", "store");
        Assert.Equal(("6cbccd9f9", "74b948fcc"), (Json.Str(status["blueGreen"]!["activeSelector"]), Json.Str(status["blueGreen"]!["previewSelector"])));
        Assert.Equal(("74b948fcc", "6cbccd9f9"), (Json.Str(status["currentPodHash"]), Json.Str(status["stableRS"])));
        Assert.Equal("2026-03-01T08:00:00Z", Json.Str(status["pauseConditions"]![0]!["startTime"]));
        Assert.Equal((6, 3, 3), (Json.Int(status["replicas"]), Json.Int(status["updatedReplicas"]), Json.Int(status["availableReplicas"])));
        Assert.Equal((3, 3, 0), (harness.Replicas("shop", "store-6cbccd9f9"), harness.Replicas("shop", "store-74b948fcc"), harness.Replicas("shop", "store-746d5fdd6")));
        Assert.Equal("6cbccd9f9", ServiceHash(harness, "store"));
        var images = harness.Snapshot("shop", "store").Images;
        Assert.Equal(["stable", "active"], images.Single(i => i.Image == "registry.local/store:blue").Tags);
        Assert.Equal(["preview"], images.Single(i => i.Image == "registry.local/store:green").Tags);
    }

    [Fact]
    public void Promote_makes_the_preview_active_and_stable_and_scales_the_old_one_down_after_the_delay()
    {
        var harness = new ControllerHarness();
        harness.Load(PausedStore);
        harness.Reconcile();

        harness.ChangeStatus(ResourceCatalog.Rollouts, "shop", "store", s => s.Remove("pauseConditions"));   // kubectl argo rollouts promote
        harness.Reconcile();

        Assert.Equal(("Healthy", "", null, null, null), harness.Summary("shop", "store"));
        var status = harness.Status("shop", "store");
        Assert.Equal(("74b948fcc", "74b948fcc", "74b948fcc"),
            (Json.Str(status["blueGreen"]!["activeSelector"]), Json.Str(status["blueGreen"]!["previewSelector"]), Json.Str(status["stableRS"])));
        Assert.Null(status["controllerPause"]);
        Assert.Equal("74b948fcc", ServiceHash(harness, "store"));
        Assert.Equal(3, harness.Replicas("shop", "store-6cbccd9f9"));   // the old active keeps its pods for scaleDownDelaySeconds (30)
        Assert.NotNull(harness.Get(ResourceCatalog.ReplicaSets, "shop", "store-6cbccd9f9")["metadata"]!["annotations"]![SimulatedRolloutController.ScaleDownDeadlineAnnotation]);

        harness.Reconcile(every: TimeSpan.FromSeconds(31));
        Assert.Equal((0, 3), (harness.Replicas("shop", "store-6cbccd9f9"), harness.Replicas("shop", "store-74b948fcc")));
        Assert.Equal(("Healthy", ""), (harness.Snapshot("shop", "store").Status, harness.Snapshot("shop", "store").Message));
    }

    [Fact]
    public void Without_auto_promotion_a_new_revision_pauses_with_the_old_one_still_active()
    {
        var harness = new ControllerHarness();
        harness.Load(PausedStore.Split("status:")[0]);   // the rollout alone, no status: its first version
        harness.Reconcile();
        var first = Json.Str(harness.Status("shop", "store")["currentPodHash"])!;
        Assert.Equal(("Healthy", ""), (harness.Snapshot("shop", "store").Status, harness.Snapshot("shop", "store").Message));

        harness.Change(ResourceCatalog.Rollouts, "shop", "store", r => r["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "registry.local/store:purple");
        harness.Reconcile(times: 5, every: TimeSpan.FromMinutes(10));

        Assert.Equal(("Paused", "BlueGreenPause", null, null, null), harness.Summary("shop", "store"));
        var status = harness.Status("shop", "store");
        var second = Json.Str(status["currentPodHash"])!;
        Assert.NotEqual(first, second);
        Assert.Equal((first, second, first),
            (Json.Str(status["blueGreen"]!["activeSelector"]), Json.Str(status["blueGreen"]!["previewSelector"]), Json.Str(status["stableRS"])));
        Assert.Equal((3, 3), (harness.Replicas("shop", $"store-{first}"), harness.Replicas("shop", $"store-{second}")));
    }

    private static string? ServiceHash(ControllerHarness harness, string service) =>
        Json.Str(harness.Get(ResourceCatalog.Services, "shop", service)["spec"]!["selector"]!["rollouts-pod-template-hash"]);
}
