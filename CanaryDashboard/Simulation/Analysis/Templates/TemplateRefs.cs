using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Analysis.Templates;

/// <summary>The AnalysisTemplates and ClusterAnalysisTemplates a <c>templates:</c> list names, nested ones included.</summary>
public sealed record ReferencedTemplates(IReadOnlyList<JsonObject> Namespaced, IReadOnlyList<JsonObject> Cluster)
{
    public IEnumerable<string> Names => Namespaced.Concat(Cluster).Select(Json.Name);
}

/// <summary>A template reference that names nothing (Argo: an <c>InvalidSpec</c> field error).</summary>
public sealed class TemplateNotFoundException(string templateName, string message) : Exception(message)
{
    public string TemplateName { get; } = templateName;
}

/// <summary>
/// Looks up <c>templates: [{templateName, clusterScope}]</c> as rollout/analysis.go
/// <c>getAnalysisTemplatesFromRefs</c> does: AnalysisTemplates in the rollout's namespace,
/// ClusterAnalysisTemplates cluster-wide, each one's own <c>spec.templates</c> followed, and each
/// template kept once (utils/analysis/helpers.go <c>FilterUniqueTemplates</c>).
/// </summary>
public static class TemplateRefs
{
    public static ReferencedTemplates Resolve(ObjectStore store, string ns, JsonNode? refs)
    {
        var namespaced = new List<JsonObject>();
        var cluster = new List<JsonObject>();
        Collect(store, ns, refs, namespaced, cluster, depth: 0);
        return new ReferencedTemplates(
            namespaced.DistinctBy(Json.Name).ToList(),
            cluster.DistinctBy(Json.Name).ToList());
    }

    private static void Collect(ObjectStore store, string ns, JsonNode? refs, List<JsonObject> namespaced, List<JsonObject> cluster, int depth)
    {
        if (depth > 10)
            throw new FormatException("analysis templates nest more than 10 levels deep");
        foreach (var reference in (refs as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var name = Json.Str(reference["templateName"]) ?? "";
            JsonObject template;
            if (Json.Bool(reference["clusterScope"]) == true)
            {
                template = store.Get(ResourceCatalog.ClusterAnalysisTemplates, null, name)
                           ?? throw new TemplateNotFoundException(name, $"ClusterAnalysisTemplate '{name}' not found");
                cluster.Add(template);
            }
            else
            {
                template = store.Get(ResourceCatalog.AnalysisTemplates, ns, name)
                           ?? throw new TemplateNotFoundException(name, $"AnalysisTemplate '{name}' not found");
                namespaced.Add(template);
            }
            if (template["spec"]?["templates"] is JsonArray nested)
                Collect(store, ns, nested, namespaced, cluster, depth + 1);
        }
    }
}
