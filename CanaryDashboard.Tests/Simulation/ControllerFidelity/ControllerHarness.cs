using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Controller;
using CanaryDashboard.Simulation.Seeding;
using CanaryDashboard.Simulation.Workload;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Simulation.ControllerFidelity;

/// <summary>
/// A store and the simulated controller on a fake clock, no HTTP: objects are loaded from YAML as
/// <c>Simulation:ManifestsPath</c> loads them (<see cref="ObjectStore.Load"/>), reconciles are called
/// by hand, and the summary is read through the app's own <see cref="RolloutSnapshotBuilder"/>.
/// </summary>
public sealed class ControllerHarness
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public ControllerHarness()
    {
        Store = new ObjectStore(Clock);
        Controller = new SimulatedRolloutController(Store, new SimulatedWorkload(42), Clock);
    }

    public FakeTimeProvider Clock { get; } = new(Start);
    public ObjectStore Store { get; }
    public SimulatedRolloutController Controller { get; }

    /// <summary>Loads every document of a YAML text as it is (uid, generation and status kept).</summary>
    public void Load(string yaml)
    {
        foreach (var (node, _) in YamlToJson.ParseDocuments(yaml))
        {
            if (node is JsonObject obj)
                Store.Load(obj);
        }
    }

    /// <summary>Reconciles <paramref name="times"/> times, moving the clock on by <paramref name="every"/> before each.</summary>
    public void Reconcile(int times = 1, TimeSpan? every = null)
    {
        for (var i = 0; i < times; i++)
        {
            if (every is { } step)
                Clock.Advance(step);
            Controller.ReconcileAll();
        }
    }

    public JsonObject Get(ResourceType type, string ns, string name) =>
        Store.Get(type, ns, name) ?? throw new InvalidOperationException($"{type.Kind} {ns}/{name} does not exist");

    public JsonObject Rollout(string ns, string name) => Get(ResourceCatalog.Rollouts, ns, name);

    public JsonObject Status(string ns, string name) => (JsonObject)Rollout(ns, name)["status"]!;

    /// <summary>A merge of <paramref name="change"/> into an object, as a client's PATCH would make it.</summary>
    public void Change(ResourceType type, string ns, string name, Action<JsonObject> change) =>
        Store.Update(type, ns, name, obj =>
        {
            change(obj);
            return obj;
        });

    public void ChangeStatus(ResourceType type, string ns, string name, Action<JsonObject> change) =>
        Change(type, ns, name, obj => change(Json.Obj(obj, "status")));

    /// <summary>What <c>kubectl argo rollouts get</c> shows, through the dashboard's snapshot builder.</summary>
    public RolloutSnapshot Snapshot(string ns, string name)
    {
        var related = new RolloutRelatedObjects(
            Store.All(ResourceCatalog.ReplicaSets, ns).Select(o => KubeObjectParser.ReplicaSet(KubernetesJson.Deserialize<V1ReplicaSet>(o.ToJsonString()))).ToArray(),
            Store.All(ResourceCatalog.Pods, ns).Select(o => KubeObjectParser.Pod(KubernetesJson.Deserialize<V1Pod>(o.ToJsonString()))).ToArray(),
            Store.All(ResourceCatalog.Experiments, ns).Select(o => KubeObjectParser.Experiment(JsonSerializer.SerializeToElement(o))).ToArray(),
            Store.All(ResourceCatalog.AnalysisRuns, ns).Select(o => KubeObjectParser.AnalysisRun(JsonSerializer.SerializeToElement(o))).ToArray(),
            null);
        return RolloutSnapshotBuilder.Build(JsonSerializer.SerializeToElement(Rollout(ns, name)), related);
    }

    /// <summary>The summary fields compared with Argo's rules: status, message, step, setWeight, actualWeight.</summary>
    public (string Status, string Message, string? Step, string? SetWeight, string? ActualWeight) Summary(string ns, string name)
    {
        var snapshot = Snapshot(ns, name);
        return (snapshot.Status, snapshot.Message, snapshot.Step, snapshot.SetWeight, snapshot.ActualWeight);
    }

    public IReadOnlyList<string> Names(ResourceType type, string ns) =>
        Store.All(type, ns).Select(Json.Name).Order(StringComparer.Ordinal).ToArray();

    public int? Replicas(string ns, string replicaSet) => Json.Int(Get(ResourceCatalog.ReplicaSets, ns, replicaSet)["spec"]?["replicas"]);
}
