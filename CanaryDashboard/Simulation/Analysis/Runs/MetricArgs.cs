using System.Text;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Analysis.Runs;

/// <summary>
/// A run's <c>spec.args</c> and their substitution into its metrics, as Argo does it
/// (utils/analysis/factory.go <c>ResolveMetricArgs</c> over utils/template/template.go
/// <c>ResolveQuotedArgs</c>): every <c>{{args.name}}</c> in any string of the metric is replaced;
/// an argument without a value is "not supplied" and any other <c>{{tag}}</c> "fails to resolve".
/// Secrets (<c>valueFrom.secretKeyRef</c>) are not simulated: resolving one is an error, as a
/// missing Secret is in Argo (analysis/analysis.go <c>resolveArgs</c>).
/// </summary>
public static class MetricArgs
{
    public sealed record Argument(string Name, string? Value, JsonObject? ValueFrom);

    public static List<Argument> Read(JsonNode? args) =>
        (args as JsonArray)?.OfType<JsonObject>()
            .Select(a => new Argument(Json.Str(a["name"]) ?? "", Json.Str(a["value"]), a["valueFrom"] as JsonObject))
            .ToList() ?? [];

    /// <summary>analysis.go <c>getResolvedMetricsWithoutSecrets</c>: a secret's value stands in as <c>temp-for-secret</c>.</summary>
    public static List<Argument> WithoutSecrets(IEnumerable<Argument> args) =>
        args.Select(a => a.ValueFrom?["secretKeyRef"] is JsonObject ? a with { Value = "temp-for-secret", ValueFrom = null } : a).ToList();

    /// <summary>analysis.go <c>resolveArgs</c>: secrets are read from the cluster, which the simulation does not serve.</summary>
    public static List<Argument> WithSecrets(IEnumerable<Argument> args) =>
        args.Select(a => a.ValueFrom?["secretKeyRef"] is JsonObject secret
            ? throw new FormatException($"secrets \"{Json.Str(secret["name"])}\" not found (the simulated cluster serves no Secrets)")
            : a).ToList();

    /// <summary>Returns a copy of <paramref name="metric"/> with the arguments substituted; throws <see cref="FormatException"/> as Argo errs.</summary>
    public static JsonObject Resolve(JsonObject metric, IReadOnlyList<Argument> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var arg in args)
            values["args." + arg.Name] = arg.Value ?? throw new FormatException($"argument \"{arg.Name}\" was not supplied");
        return (JsonObject)Substitute(metric, values)!;
    }

    private static JsonNode? Substitute(JsonNode? node, Dictionary<string, string> values) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(kv => KeyValuePair.Create(Fill(kv.Key, values), Substitute(kv.Value, values)))),
        JsonArray array => new JsonArray(array.Select(item => Substitute(item, values)).ToArray()),
        JsonValue value when Json.Str(value) is { } text => JsonValue.Create(Fill(text, values)),
        _ => node?.DeepClone(),
    };

    /// <summary>fasttemplate with <c>{{</c> <c>}}</c>: tags are trimmed before the lookup.</summary>
    private static string Fill(string template, Dictionary<string, string> values)
    {
        if (!template.Contains("{{", StringComparison.Ordinal))
            return template;
        var text = new StringBuilder();
        var i = 0;
        while (true)
        {
            var open = template.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                text.Append(template, i, template.Length - i);
                return text.ToString();
            }
            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
                throw new FormatException($"Cannot find end tag=\"}}}}\" in the template=\"{template}\" starting from \"{template[open..]}\"");
            text.Append(template, i, open - i);
            var tag = template[(open + 2)..close];
            if (!values.TryGetValue(tag.Trim(), out var value))
                throw new FormatException($"failed to resolve {{{{{tag}}}}}");
            text.Append(value);
            i = close + 2;
        }
    }
}
