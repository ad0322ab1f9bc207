using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryDashboard.Kubernetes.Snapshots;
using k8s;
using k8s.Models;

namespace CanaryDashboard.Tests.Kubernetes.Fixtures;

/// <summary>
/// Argo Rollouts' own test objects and the summary Argo derives for each
/// (<c>shared/argo-fixtures/</c>: testdata/ and expected.json, see its README).
/// The folder is found beside the repository (the workplace and CI both lay shared/ there).
/// </summary>
public static class ArgoFixtures
{
    public static readonly string[] Folders = ["canary", "blue-green", "experiment-step", "rollout-invalid"];

    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "argo-fixtures"), Path.Combine(dir.FullName, "argo-fixtures") })
            {
                if (File.Exists(Path.Combine(candidate, "expected.json")))
                    return candidate;
            }
        }
        throw new InvalidOperationException(
            $"shared/argo-fixtures/expected.json not found above {AppContext.BaseDirectory}: the fixture tests need the shared folder beside the repository");
    }

    /// <summary>Every object of one testdata folder, as JSON, with the file it came from.</summary>
    public static IReadOnlyList<(string File, JsonObject Object)> LoadFolder(string folder) =>
        Directory.GetFiles(Path.Combine(Root, "testdata", folder), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(file => YamlToJson.Documents(File.ReadAllText(file)).Select(o => (Path.GetFileName(file), o)))
            .ToArray();

    public static IReadOnlyList<ExpectedRollout> Expected()
    {
        using var stream = File.OpenRead(Path.Combine(Root, "expected.json"));
        return JsonSerializer.Deserialize<ExpectedRollout[]>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>The folder of an expected.json record (<c>testdata/canary/x.yaml</c> → <c>canary</c>).</summary>
    public static string FolderOf(ExpectedRollout expected) => expected.File.Split('/')[1];

    /// <summary>Builds every rollout of a folder straight from the parsed objects, as the watch's cache would hold them.</summary>
    public static IReadOnlyList<RolloutSnapshot> BuildFolder(string folder)
    {
        var objects = LoadFolder(folder).Select(x => x.Object).ToArray();
        string Kind(JsonObject o) => (string?)o["kind"] ?? "";
        var related = new RolloutRelatedObjects(
            objects.Where(o => Kind(o) == "ReplicaSet").Select(o => KubeObjectParser.ReplicaSet(KubernetesJson.Deserialize<V1ReplicaSet>(o.ToJsonString()))).ToArray(),
            objects.Where(o => Kind(o) == "Pod").Select(o => KubeObjectParser.Pod(KubernetesJson.Deserialize<V1Pod>(o.ToJsonString()))).ToArray(),
            objects.Where(o => Kind(o) == "Experiment").Select(o => KubeObjectParser.Experiment(JsonSerializer.SerializeToElement(o))).ToArray(),
            objects.Where(o => Kind(o) == "AnalysisRun").Select(o => KubeObjectParser.AnalysisRun(JsonSerializer.SerializeToElement(o))).ToArray(),
            null);
        var deployments = objects.Where(o => Kind(o) == "Deployment")
            .Select(o => KubeObjectParser.Deployment(KubernetesJson.Deserialize<V1Deployment>(o.ToJsonString()))).ToArray();
        return objects.Where(o => Kind(o) == "Rollout").Select(o =>
        {
            var rollout = JsonSerializer.SerializeToElement(o);
            var reference = (string?)o["spec"]?["workloadRef"]?["name"];
            var workload = deployments.FirstOrDefault(d => d.Name == reference && d.Namespace == (string?)o["metadata"]?["namespace"]);
            return RolloutSnapshotBuilder.Build(rollout, related with { WorkloadRef = workload });
        }).ToArray();
    }
}

public sealed record ExpectedRollout(
    string File, string Name, string Namespace, string Strategy, string Status, string Message,
    string? Step, string? SetWeight, string? ActualWeight, ExpectedReplicas Replicas,
    ExpectedImage[] Images, ExpectedContainer[] Containers, Dictionary<string, JsonElement> List)
{
    public override string ToString() => $"{File} ({Namespace}/{Name})";
}

public sealed record ExpectedReplicas(int Desired, int Current, int Updated, int Ready, int Available);

public sealed record ExpectedImage(string Image, string[] Tags);

public sealed record ExpectedContainer(string Name, string Image);
