using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CanaryDashboard.Simulation.Analysis.Runs;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Analysis.Templates;

/// <summary>
/// A rollout's <c>analysis.args</c> turned into the run's arguments, as utils/analysis/factory.go
/// <c>BuildArgumentsForRolloutAnalysisRun</c>: a literal <c>value</c>; <c>valueFrom.podTemplateHashValue</c>
/// <c>Latest</c> or <c>Stable</c>; <c>valueFrom.fieldRef.fieldPath</c> into the Rollout
/// (<c>metadata.name</c>, <c>metadata.labels['app']</c>, <c>spec.replicas</c>, …). Every argument gets a value.
/// </summary>
public static partial class RolloutAnalysisArgs
{
    public static List<MetricArgs.Argument> Build(JsonNode? args, JsonObject rollout, string stableHash, string newHash)
    {
        var built = new List<MetricArgs.Argument>();
        string? error = null;
        foreach (var arg in (args as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var value = Json.Str(arg["value"]) ?? "";
            if (arg["valueFrom"] is JsonObject from)
            {
                if (Json.Str(from["podTemplateHashValue"]) is { } which)
                {
                    value = which switch { "Latest" => newHash, "Stable" => stableHash, _ => value };
                }
                else if (Json.Str(from["fieldRef"]?["fieldPath"]) is { } path)
                {
                    (value, var failed) = FieldValue(rollout, path);
                    error = failed ?? error;
                }
            }
            built.Add(new MetricArgs.Argument(Json.Str(arg["name"]) ?? "", value, null));
        }
        return error is null ? built : throw new FormatException(error);
    }

    /// <summary>k8s fieldpath for <c>metadata.*</c>; factory.go <c>extractValueFromRollout</c> for anything else (must end at a primitive).</summary>
    private static (string Value, string? Error) FieldValue(JsonObject rollout, string path)
    {
        var metadata = rollout["metadata"] as JsonObject ?? [];
        if (path.StartsWith("metadata", StringComparison.Ordinal))
        {
            if (MapEntry().Match(path) is { Success: true } entry)
                return (Json.Str(metadata[entry.Groups[1].Value]?[entry.Groups[2].Value]) ?? "", null);
            return path switch
            {
                "metadata.name" or "metadata.namespace" or "metadata.uid" or "metadata.generateName" =>
                    (Json.Str(metadata[path["metadata.".Length..]]) ?? "", null),
                _ => ("", $"unsupported fieldPath: {path}"),
            };
        }
        JsonNode? node = rollout;
        foreach (var section in Regex.Split(path, @"[\.\[\]]+").Where(s => s.Length > 0))
        {
            node = node switch
            {
                JsonArray array => int.TryParse(section, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                    ? i < array.Count ? array[i] : null
                    : null,
                JsonObject obj => obj[section],
                _ => null,
            };
            if (node is null)
                return ("", $"invalid path {path} in rollout");
        }
        return node switch
        {
            JsonObject or JsonArray => ("", $"path {path} in rollout must terminate in a primitive value"),
            JsonValue value when Json.Str(value) is { } s => (s, null),
            JsonValue value => (Conditions.GoJson.Marshal(Conditions.ExprValues.FromJson(value)), null),
            _ => ("", $"invalid path {path} in rollout"),
        };
    }

    [GeneratedRegex(@"^metadata\.(labels|annotations)\['(.+)'\]$")]
    private static partial Regex MapEntry();
}
