using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis.Runs;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Analysis.Templates;

/// <summary>
/// Builds and creates an AnalysisRun for a rollout, as Argo does:
/// utils/analysis/helpers.go <c>NewAnalysisRunFromTemplates</c> (the templates' metrics, dry-run
/// and retention rules flattened — a metric name twice is an error; their args merged, the
/// rollout's values winning, each needing a value) and rollout/analysis.go
/// <c>newAnalysisRunFromRollout</c> (name <c>{rollout}-{podHash}-{revision}[-{infix}]</c>, the given
/// labels plus <c>analysisRunMetadata</c> and the rollout's selector labels, the revision
/// annotation, owned by the rollout), created through helpers.go <c>CreateWithCollisionCounter</c>.
/// </summary>
public static class AnalysisRunFactory
{
    public const string RevisionAnnotation = "rollout.argoproj.io/revision";

    /// <summary>The run's <c>spec</c> from the templates, the rollout's arguments and its own dry-run / retention rules.</summary>
    public static JsonObject Spec(ReferencedTemplates templates, IReadOnlyList<MetricArgs.Argument> args, JsonNode? dryRun, JsonNode? retention)
    {
        var specs = templates.Namespaced.Concat(templates.Cluster).Select(t => t["spec"] as JsonObject ?? []).ToList();

        var metrics = new JsonArray();
        var metricNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var metric in specs.SelectMany(s => (s["metrics"] as JsonArray)?.OfType<JsonObject>() ?? []))
        {
            var name = Json.Str(metric["name"]) ?? "";
            if (!metricNames.Add(name))
                throw new FormatException($"two metrics have the same name '{name}'");
            metrics.Add(metric.DeepClone());
        }

        var dryRunRules = Rules(specs.Select(s => s["dryRun"]), "Dry-Run");
        var retentionRules = Rules(specs.Select(s => s["measurementRetention"]), "Measurement Retention");
        dryRunRules = Rules([dryRun, dryRunRules], "Dry-Run");
        retentionRules = Rules([retention, retentionRules], "Measurement Retention");

        var spec = new JsonObject { ["metrics"] = metrics };
        var merged = MergeArgs(args, FlattenArgs(specs));
        if (merged.Count > 0)
            spec["args"] = new JsonArray(merged.Select(ArgJson).ToArray());
        if (dryRunRules.Count > 0) spec["dryRun"] = dryRunRules;
        if (retentionRules.Count > 0) spec["measurementRetention"] = retentionRules;
        return spec;
    }

    /// <summary>The whole AnalysisRun object for a rollout (not yet stored).</summary>
    public static JsonObject New(JsonObject rollout, JsonObject rolloutAnalysis, JsonObject spec, string podHash, long revision, string infix,
        IReadOnlyDictionary<string, string> labels)
    {
        var rolloutName = Json.Name(rollout);
        var revisionText = revision.ToString(CultureInfo.InvariantCulture);
        var name = string.Join("-", new[] { rolloutName, podHash, revisionText, infix }.Where(p => p.Length > 0));
        var runLabels = new JsonObject();
        foreach (var (key, value) in labels)
            runLabels[key] = value;
        foreach (var (key, value) in rolloutAnalysis["analysisRunMetadata"]?["labels"] as JsonObject ?? [])
            runLabels[key] = value?.DeepClone();
        foreach (var (key, value) in rollout["spec"]?["selector"]?["matchLabels"] as JsonObject ?? [])
            runLabels[key] = value?.DeepClone();
        var annotations = new JsonObject { [RevisionAnnotation] = revisionText };
        foreach (var (key, value) in rolloutAnalysis["analysisRunMetadata"]?["annotations"] as JsonObject ?? [])
            annotations[key] = value?.DeepClone();
        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "AnalysisRun",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = Json.Namespace(rollout),
                ["labels"] = runLabels,
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "argoproj.io/v1alpha1",
                    ["blockOwnerDeletion"] = true,
                    ["controller"] = true,
                    ["kind"] = "Rollout",
                    ["name"] = rolloutName,
                    ["uid"] = Json.Str(rollout["metadata"]?["uid"]),
                }),
            },
            ["spec"] = spec,
        };
    }

    /// <summary>
    /// helpers.go <c>CreateWithCollisionCounter</c>: when the name is taken by a run that is still
    /// running, has the same metrics and args and the same owner, that run is ours; otherwise the
    /// next free <c>name.1</c>, <c>name.2</c>, ….
    /// </summary>
    public static JsonObject Create(ObjectStore store, JsonObject run)
    {
        var ns = Json.Namespace(run);
        var baseName = Json.Name(run);
        var owner = Json.Str(run["metadata"]?["ownerReferences"]?[0]?["uid"]);
        for (var collision = 1; ; collision++)
        {
            var name = Json.Name(run);
            if (store.Get(ResourceCatalog.AnalysisRuns, ns, name) is not { } existing)
                return store.Create(ResourceCatalog.AnalysisRuns, run);
            var ours = !AnalysisPhase.Completed(Json.Str(existing["status"]?["phase"]))
                       && SemanticallyEqual(existing["spec"], run["spec"])
                       && (existing["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
                           .Any(o => Json.Bool(o["controller"]) == true && Json.Str(o["uid"]) == owner) == true;
            if (ours)
                return existing;
            run["metadata"]!["name"] = $"{baseName}.{collision}";
        }
    }

    /// <summary>helpers.go <c>IsSemanticallyEqual</c>: metrics, dry-run and retention rules, args.</summary>
    private static bool SemanticallyEqual(JsonNode? left, JsonNode? right) =>
        new[] { "metrics", "dryRun", "measurementRetention", "args" }.All(k => JsonNode.DeepEquals(left?[k], right?[k]));

    /// <summary>helpers.go <c>flattenArgs</c>: one argument per name across the templates; two different values is an error.</summary>
    private static List<MetricArgs.Argument> FlattenArgs(IEnumerable<JsonObject> specs)
    {
        var combined = new List<MetricArgs.Argument>();
        foreach (var arg in specs.SelectMany(s => MetricArgs.Read(s["args"])))
        {
            var index = combined.FindIndex(a => a.Name == arg.Name);
            if (index < 0)
            {
                combined.Add(arg);
                continue;
            }
            var previous = combined[index];
            if (previous.Value is not null && arg.Value is not null && previous.Value != arg.Value)
                throw new FormatException($"Argument `{arg.Name}` specified multiple times with different values: '{previous.Value}', '{arg.Value}'");
            if (previous.Value is null)
                combined[index] = arg;
        }
        return combined;
    }

    /// <summary>helpers.go <c>MergeArgs</c> + <c>ResolveArgs</c>: the rollout's values over the template's; every argument must end with a value.</summary>
    private static List<MetricArgs.Argument> MergeArgs(IReadOnlyList<MetricArgs.Argument> incoming, List<MetricArgs.Argument> template)
    {
        var merged = template.ToList();
        foreach (var arg in incoming)
        {
            var index = merged.FindIndex(a => a.Name == arg.Name);
            if (index < 0)
                continue;
            if (arg.Value is not null)
                merged[index] = merged[index] with { Value = arg.Value };
            else if (arg.ValueFrom is not null)
                merged[index] = merged[index] with { ValueFrom = arg.ValueFrom };
        }
        foreach (var arg in merged)
        {
            if (arg.Value is null && arg.ValueFrom is null)
                throw new FormatException($"args.{arg.Name} was not resolved");
        }
        return merged;
    }

    private static JsonNode ArgJson(MetricArgs.Argument arg)
    {
        var json = new JsonObject { ["name"] = arg.Name };
        if (arg.Value is not null) json["value"] = arg.Value;
        if (arg.ValueFrom is not null) json["valueFrom"] = arg.ValueFrom.DeepClone();
        return json;
    }

    /// <summary>Concatenates rule lists keyed by <c>metricName</c>; the same name twice is an error (helpers.go validateDryRunMetrics …).</summary>
    private static JsonArray Rules(IEnumerable<JsonNode?> lists, string kind)
    {
        var combined = new JsonArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in lists.SelectMany(l => (l as JsonArray)?.OfType<JsonObject>() ?? []))
        {
            var name = Json.Str(rule["metricName"]) ?? "";
            if (!names.Add(name))
                throw new FormatException($"two {kind} metric rules have the same name '{name}'");
            combined.Add(rule.DeepClone());
        }
        return combined;
    }
}
