using System.Text.Json;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Kubernetes.Watch;
using CanaryDashboard.Model;
using CanaryDashboard.Tests.Kubernetes.Fixtures;
using k8s;
using k8s.Models;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>
/// The cache's event handling: objects may arrive in any order (a pod before its ReplicaSet, a
/// ReplicaSet before its rollout), every change rebuilds only the rollouts above it, and a change
/// that alters nothing raises no notification.
/// </summary>
public class ClusterCacheTests
{
    private static readonly RolloutKey Checkout = new(OwnFixtures.Namespace, "checkout");

    private static IReadOnlyList<System.Text.Json.Nodes.JsonObject> Objects(string folder, string kind) =>
        OwnFixtures.Set.LoadFolder(folder).Select(x => x.Object).Where(o => (string?)o["kind"] == kind).ToArray();

    /// <summary>One kind from every scenario of the repository's fixtures.</summary>
    private static IReadOnlyList<System.Text.Json.Nodes.JsonObject> AllObjects(string kind) =>
        OwnFixtures.Set.LoadAll().Where(o => (string?)o["kind"] == kind).ToArray();

    private static T Typed<T>(System.Text.Json.Nodes.JsonObject o) => KubernetesJson.Deserialize<T>(o.ToJsonString());

    [Fact]
    public void Objects_in_reverse_order_give_the_same_snapshot_as_the_builder()
    {
        var cache = new ClusterCache();
        cache.StartBuilding();
        var changes = new List<SnapshotChange>();
        cache.Changed += changes.Add;

        // Pods first, then ReplicaSets, then the rollout: each arrives before what owns it.
        foreach (var pod in Objects("canary-paused", "Pod"))
            cache.Upsert(KubeObjectParser.Pod(Typed<V1Pod>(pod)));
        foreach (var rs in Objects("canary-paused", "ReplicaSet"))
            cache.Upsert(KubeObjectParser.ReplicaSet(Typed<V1ReplicaSet>(rs)));
        Assert.Empty(changes);
        cache.UpsertRollout(JsonSerializer.SerializeToElement(Objects("canary-paused", "Rollout").Single()));

        var snapshot = Assert.Single(cache.Snapshots).Value;
        var expected = OwnFixtures.Set.BuildFolder("canary-paused").Single();
        Assert.Equal(6, snapshot.ReplicaSets.Sum(r => r.Pods.Count));   // the pods that came first were kept
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(snapshot));
        Assert.Equal(Checkout, Assert.Single(Assert.Single(changes).Updated).Key);
    }

    [Fact]
    public void A_pod_change_rebuilds_only_the_rollout_above_it()
    {
        // Every scenario's rollout and ReplicaSets in one cache, side by side.
        var cache = new ClusterCache();
        foreach (var rollout in AllObjects("Rollout"))
            cache.UpsertRollout(JsonSerializer.SerializeToElement(rollout));
        foreach (var rs in AllObjects("ReplicaSet"))
            cache.Upsert(KubeObjectParser.ReplicaSet(Typed<V1ReplicaSet>(rs)));
        cache.StartBuilding();
        Assert.True(cache.Snapshots.Count > 1);
        var changes = new List<SnapshotChange>();
        cache.Changed += changes.Add;

        var pod = Typed<V1Pod>(Objects("canary-progress-deadline", "Pod").Single(p => (string?)p["metadata"]!["name"] == "notifications-5d8f7c9b6-q7tkz"));
        cache.Upsert(KubeObjectParser.Pod(pod));

        var updated = Assert.Single(Assert.Single(changes).Updated);
        Assert.Equal(new RolloutKey(OwnFixtures.Namespace, "notifications"), updated.Key);
        Assert.Equal("ImagePullBackOff", updated.ReplicaSets.Single(r => r.Canary).Pods.Single().Status);

        cache.Upsert(KubeObjectParser.Pod(pod));
        Assert.Single(changes);   // the same pod again changes nothing
    }

    [Fact]
    public void Deleting_a_rollout_removes_its_snapshot_and_says_so()
    {
        var cache = new ClusterCache();
        var rollout = JsonSerializer.SerializeToElement(Objects("invalid-spec", "Rollout").Single());
        cache.UpsertRollout(rollout);
        cache.StartBuilding();
        var changes = new List<SnapshotChange>();
        cache.Changed += changes.Add;

        cache.DeleteRollout(rollout);

        Assert.Empty(cache.Snapshots);
        Assert.Equal(new RolloutKey(OwnFixtures.Namespace, "ledger"), Assert.Single(Assert.Single(changes).Removed));
    }

    [Fact]
    public void An_experiment_replica_set_reaches_its_rollout_through_the_experiment()
    {
        var cache = new ClusterCache();
        cache.UpsertRollout(JsonSerializer.SerializeToElement(Objects("experiment-running", "Rollout").Single()));
        cache.Upsert(KubeObjectParser.Experiment(JsonSerializer.SerializeToElement(Objects("experiment-running", "Experiment").Single())));
        cache.StartBuilding();
        Assert.Empty(cache.Snapshots[new RolloutKey(OwnFixtures.Namespace, "pricing")].Images);

        var experimentRs = Objects("experiment-running", "ReplicaSet").Single(o => (string?)o["metadata"]!["name"] == "pricing-6b8d9c7f5-4-0-candidate");
        cache.Upsert(KubeObjectParser.ReplicaSet(Typed<V1ReplicaSet>(experimentRs)));

        var snapshot = cache.Snapshots[new RolloutKey(OwnFixtures.Namespace, "pricing")];
        var image = Assert.Single(snapshot.Images);
        Assert.Equal("registry.example/shop/pricing:1.9.0", image.Image);
        Assert.Equal(["Σ:candidate"], image.Tags);
    }
}
