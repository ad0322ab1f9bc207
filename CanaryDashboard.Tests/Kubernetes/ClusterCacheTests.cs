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
    private static readonly RolloutKey CanaryDemo = new("jesse-test", "canary-demo");

    private static IReadOnlyList<System.Text.Json.Nodes.JsonObject> Objects(string folder, string kind) =>
        ArgoFixtures.LoadFolder(folder).Select(x => x.Object).Where(o => (string?)o["kind"] == kind).ToArray();

    private static T Typed<T>(System.Text.Json.Nodes.JsonObject o) => KubernetesJson.Deserialize<T>(o.ToJsonString());

    [Fact]
    public void Objects_in_reverse_order_give_the_same_snapshot_as_the_builder()
    {
        var cache = new ClusterCache();
        cache.StartBuilding();
        var changes = new List<SnapshotChange>();
        cache.Changed += changes.Add;

        // Pods first, then ReplicaSets, then the rollout: each arrives before what owns it.
        foreach (var pod in Objects("canary", "Pod"))
            cache.Upsert(KubeObjectParser.Pod(Typed<V1Pod>(pod)));
        foreach (var rs in Objects("canary", "ReplicaSet"))
            cache.Upsert(KubeObjectParser.ReplicaSet(Typed<V1ReplicaSet>(rs)));
        Assert.Empty(changes);
        cache.UpsertRollout(JsonSerializer.SerializeToElement(Objects("canary", "Rollout").Single(o => (string?)o["metadata"]!["name"] == "canary-demo")));

        var snapshot = Assert.Single(cache.Snapshots).Value;
        var expected = ArgoFixtures.BuildFolder("canary").Single(s => s.Name == "canary-demo");
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(snapshot));
        Assert.Equal(CanaryDemo, Assert.Single(Assert.Single(changes).Updated).Key);
    }

    [Fact]
    public void A_pod_change_rebuilds_only_the_rollout_above_it()
    {
        var cache = new ClusterCache();
        foreach (var rollout in Objects("canary", "Rollout"))
            cache.UpsertRollout(JsonSerializer.SerializeToElement(rollout));
        foreach (var rs in Objects("canary", "ReplicaSet"))
            cache.Upsert(KubeObjectParser.ReplicaSet(Typed<V1ReplicaSet>(rs)));
        cache.StartBuilding();
        var changes = new List<SnapshotChange>();
        cache.Changed += changes.Add;

        var pod = Typed<V1Pod>(Objects("canary", "Pod").First(p => (string?)p["metadata"]!["name"] == "canary-demo-65fb5ffc84-9wf5r"));
        cache.Upsert(KubeObjectParser.Pod(pod));

        // All six canary/ rollouts share one uid (the fixture's quirk), so all six own that pod's ReplicaSet.
        var change = Assert.Single(changes);
        Assert.Equal(6, change.Updated.Count);
        Assert.All(change.Updated, s => Assert.Equal("ImagePullBackOff", s.ReplicaSets.Single(r => r.Canary).Pods.Single().Status));

        cache.Upsert(KubeObjectParser.Pod(pod));
        Assert.Single(changes);   // the same pod again changes nothing
    }

    [Fact]
    public void Deleting_a_rollout_removes_its_snapshot_and_says_so()
    {
        var cache = new ClusterCache();
        var rollout = JsonSerializer.SerializeToElement(Objects("rollout-invalid", "Rollout").Single());
        cache.UpsertRollout(rollout);
        cache.StartBuilding();
        var changes = new List<SnapshotChange>();
        cache.Changed += changes.Add;

        cache.DeleteRollout(rollout);

        Assert.Empty(cache.Snapshots);
        Assert.Equal(new RolloutKey("default", "rollout-invalid"), Assert.Single(Assert.Single(changes).Removed));
    }

    [Fact]
    public void An_experiment_replica_set_reaches_its_rollout_through_the_experiment()
    {
        var cache = new ClusterCache();
        cache.UpsertRollout(JsonSerializer.SerializeToElement(Objects("experiment-step", "Rollout").Single()));
        cache.Upsert(KubeObjectParser.Experiment(JsonSerializer.SerializeToElement(Objects("experiment-step", "Experiment").Single())));
        cache.StartBuilding();

        var experimentRs = Objects("experiment-step", "ReplicaSet").Single(o => (string?)o["metadata"]!["name"] == "canary-demo-645d5dbc4c-2-0-canary-preview");
        cache.Upsert(KubeObjectParser.ReplicaSet(Typed<V1ReplicaSet>(experimentRs)));

        var snapshot = cache.Snapshots[new RolloutKey("jesse-test", "canary-demo")];
        Assert.Contains(snapshot.Images, i => i.Tags.SequenceEqual(["Σ:canary-preview"]));
    }
}
