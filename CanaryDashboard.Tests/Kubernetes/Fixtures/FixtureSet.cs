using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryDashboard.Kubernetes.Snapshots;
using k8s;
using k8s.Models;

namespace CanaryDashboard.Tests.Kubernetes.Fixtures;

/// <summary>
/// A folder laid out as Argo's shared fixtures are: <c>testdata/&lt;folder&gt;/*.yaml</c> (Rollouts with
/// their ReplicaSets, Pods, Experiments, AnalysisRuns) and <c>expected.json</c>, the summary Argo
/// derives for each Rollout. Both the repository's own set and the shared one are read through it.
/// </summary>
public sealed class FixtureSet(string root)
{
    public string Root { get; } = root;

    /// <summary>The folder of YAML (what <c>Simulation:ManifestsPath</c> can point at: expected.json lies outside it).</summary>
    public string TestData => Path.Combine(Root, "testdata");

    public IReadOnlyList<string> Folders() =>
        Directory.GetDirectories(TestData).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every object of one testdata folder, as JSON, with the file it came from.</summary>
    public IReadOnlyList<(string File, JsonObject Object)> LoadFolder(string folder) =>
        Directory.GetFiles(Path.Combine(TestData, folder), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(file => YamlToJson.Documents(File.ReadAllText(file)).Select(o => (Path.GetFileName(file), o)))
            .ToArray();

    /// <summary>Every object of every folder.</summary>
    public IReadOnlyList<JsonObject> LoadAll() =>
        Folders().SelectMany(f => LoadFolder(f).Select(x => x.Object)).ToArray();

    public IReadOnlyList<ExpectedRollout> Expected()
    {
        using var stream = File.OpenRead(Path.Combine(Root, "expected.json"));
        return JsonSerializer.Deserialize<ExpectedRollout[]>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>The folder of an expected.json record (<c>testdata/canary/x.yaml</c> → <c>canary</c>).</summary>
    public static string FolderOf(ExpectedRollout expected) => expected.File.Split('/')[1];

    /// <summary>Every rollout of one folder, built from that folder's objects alone.</summary>
    public IReadOnlyList<RolloutSnapshot> BuildFolder(string folder) => Build(LoadFolder(folder).Select(x => x.Object));

    /// <summary>Every rollout of every folder, built from all their objects together (one namespace, as one cluster holds them).</summary>
    public IReadOnlyList<RolloutSnapshot> BuildAll() => Build(LoadAll());

    /// <summary>Builds every rollout straight from parsed objects, as the watch's cache would hold them.</summary>
    public static IReadOnlyList<RolloutSnapshot> Build(IEnumerable<JsonObject> objects)
    {
        var all = objects.ToArray();
        string Kind(JsonObject o) => (string?)o["kind"] ?? "";
        var related = new RolloutRelatedObjects(
            all.Where(o => Kind(o) == "ReplicaSet").Select(o => KubeObjectParser.ReplicaSet(KubernetesJson.Deserialize<V1ReplicaSet>(o.ToJsonString()))).ToArray(),
            all.Where(o => Kind(o) == "Pod").Select(o => KubeObjectParser.Pod(KubernetesJson.Deserialize<V1Pod>(o.ToJsonString()))).ToArray(),
            all.Where(o => Kind(o) == "Experiment").Select(o => KubeObjectParser.Experiment(JsonSerializer.SerializeToElement(o))).ToArray(),
            all.Where(o => Kind(o) == "AnalysisRun").Select(o => KubeObjectParser.AnalysisRun(JsonSerializer.SerializeToElement(o))).ToArray(),
            null);
        var deployments = all.Where(o => Kind(o) == "Deployment")
            .Select(o => KubeObjectParser.Deployment(KubernetesJson.Deserialize<V1Deployment>(o.ToJsonString()))).ToArray();
        return all.Where(o => Kind(o) == "Rollout").Select(o =>
        {
            var rollout = JsonSerializer.SerializeToElement(o);
            var reference = (string?)o["spec"]?["workloadRef"]?["name"];
            var workload = deployments.FirstOrDefault(d => d.Name == reference && d.Namespace == (string?)o["metadata"]?["namespace"]);
            return RolloutSnapshotBuilder.Build(rollout, related with { WorkloadRef = workload });
        }).ToArray();
    }
}
