using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;
using YamlDotNet.Core;

namespace CanaryDashboard.Simulation.Seeding;

/// <summary>A manifest document that could not be loaded: the file, the line (1-based) and why.</summary>
public sealed record ManifestProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

public sealed record LoadedManifest(string File, int Line, string Kind, string Namespace, string Name);

public sealed record ManifestLoadReport(IReadOnlyList<LoadedManifest> Loaded, IReadOnlyList<ManifestProblem> Problems);

/// <summary>
/// Loads Rollouts and related objects (AnalysisTemplates, ReplicaSets, Services, …) from a folder of
/// YAML (multi-document) and JSON files into the simulated cluster. A bad file or document is
/// reported by file and line and skipped; everything else still loads.
/// </summary>
public static class ManifestLoader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static ManifestLoadReport LoadFolder(ObjectStore store, string folder)
    {
        var loaded = new List<LoadedManifest>();
        var problems = new List<ManifestProblem>();
        if (!Directory.Exists(folder))
        {
            problems.Add(new ManifestProblem(folder, 0, "the manifests folder does not exist"));
            return new ManifestLoadReport(loaded, problems);
        }
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
            LoadFile(store, file, Path.GetRelativePath(folder, file), loaded, problems);
        return new ManifestLoadReport(loaded, problems);
    }

    public static void LoadFile(ObjectStore store, string path, string displayName, List<LoadedManifest> loaded, List<ManifestProblem> problems)
    {
        IReadOnlyList<(JsonNode? Node, int Line)> documents;
        try
        {
            var text = File.ReadAllText(path);
            documents = Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase)
                ? [(JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }), 1)]
                : YamlToJson.ParseDocuments(text);
        }
        catch (YamlException e)
        {
            problems.Add(new ManifestProblem(displayName, (int)e.Start.Line, "not valid YAML: " + (e.InnerException?.Message ?? e.Message)));
            return;
        }
        catch (JsonException e)
        {
            problems.Add(new ManifestProblem(displayName, (int)(e.LineNumber ?? 0) + 1, "not valid JSON: " + e.Message));
            return;
        }
        catch (IOException e)
        {
            problems.Add(new ManifestProblem(displayName, 0, "cannot be read: " + e.Message));
            return;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or UnauthorizedAccessException or FormatException)
        {
            // Whatever else one file does wrong, it must not stop the other files from loading.
            problems.Add(new ManifestProblem(displayName, 0, "cannot be loaded: " + e.Message));
            return;
        }

        foreach (var (node, line) in documents)
        {
            if (node is null)
                continue;   // an empty document (a trailing ---)
            foreach (var item in Expand(node))
                LoadObject(store, item, displayName, line, loaded, problems);
        }
    }

    /// <summary>A <c>kind: List</c> (as <c>kubectl get -o yaml</c> writes) stands for its items.</summary>
    private static IEnumerable<JsonNode?> Expand(JsonNode node) =>
        node is JsonObject obj && Json.Str(obj["kind"]) is "List" && obj["items"] is JsonArray items ? items : [node];

    private static void LoadObject(ObjectStore store, JsonNode? node, string file, int line, List<LoadedManifest> loaded, List<ManifestProblem> problems)
    {
        if (node is not JsonObject obj)
        {
            problems.Add(new ManifestProblem(file, line, "a manifest must be a mapping with apiVersion, kind and metadata"));
            return;
        }
        var apiVersion = Json.Str(obj["apiVersion"]);
        var kind = Json.Str(obj["kind"]);
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            problems.Add(new ManifestProblem(file, line, "apiVersion and kind are required"));
            return;
        }
        if (ResourceCatalog.FindByKind(apiVersion, kind) is null)
        {
            var served = string.Join(", ", ResourceCatalog.All.Select(r => $"{r.GroupVersion} {r.Kind}"));
            problems.Add(new ManifestProblem(file, line, $"{apiVersion} {kind} is not served by the simulated cluster (it serves: {served})"));
            return;
        }
        if (string.IsNullOrEmpty(Json.Name(obj)))
        {
            problems.Add(new ManifestProblem(file, line, $"{kind} has no metadata.name"));
            return;
        }
        if (kind == "Rollout" && obj["spec"] is not JsonObject)
        {
            problems.Add(new ManifestProblem(file, line, $"Rollout \"{Json.Name(obj)}\" has no spec"));
            return;
        }
        try
        {
            var stored = store.Load(obj);
            loaded.Add(new LoadedManifest(file, line, kind, Json.Namespace(stored), Json.Name(stored)));
        }
        catch (ApiException e)
        {
            problems.Add(new ManifestProblem(file, line, e.Message));
        }
    }
}
