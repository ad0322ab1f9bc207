using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CanaryDashboard.Tests.Deploy;

/// <summary>
/// YAML values as JSON, typed the way Helm reads them (plain true/false/numbers/null are typed,
/// quoted scalars stay strings), and Helm's merge of a `-f` values file over values.yaml.
/// </summary>
internal static class YamlJson
{
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
            return JsonValue.Create(text);
        if (text is "" or "~" or "null")
            return null;
        if (text is "true" or "false")
            return JsonValue.Create(text == "true");
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            return JsonValue.Create(real);
        return JsonValue.Create(text);
    }

    /// <summary>Helm's coalescing: maps merge key by key, anything else replaces, null deletes.</summary>
    public static JsonNode? Merge(JsonNode? defaults, JsonNode? overrides)
    {
        if (defaults is not JsonObject baseObject || overrides is not JsonObject overObject)
            return overrides?.DeepClone();
        var result = (JsonObject)baseObject.DeepClone();
        foreach (var (key, value) in overObject)
        {
            if (value is null)
                result.Remove(key);
            else
                result[key] = Merge(result[key], value);
        }
        return result;
    }
}
