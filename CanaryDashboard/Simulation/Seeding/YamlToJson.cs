using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CanaryDashboard.Simulation.Seeding;

/// <summary>
/// Turns YAML documents into JSON nodes as the API server would read them: plain scalars are
/// resolved with the YAML 1.2 core schema (null, booleans, integers, floats), quoted ones stay strings.
/// </summary>
public static class YamlToJson
{
    /// <summary>Every document of a (multi-document) YAML text, with the line it starts on. Throws <see cref="YamlException"/> on bad syntax.</summary>
    public static IReadOnlyList<(JsonNode? Node, int Line)> ParseDocuments(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => (Convert(d.RootNode), (int)d.RootNode.Start.Line)).ToList();
    }

    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => null,
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value
                       ?? throw new YamlException(key.Start, key.End, "a mapping key must be a plain value");
            obj[name] = Convert(value);
        }
        return obj;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return JsonValue.Create(value);
        if (scalar.Tag is { IsGlobal: true, Value: "tag:yaml.org,2002:str" })
            return JsonValue.Create(value);
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        if (value.Length > 0 && (char.IsDigit(value[0]) || value[0] is '-' or '+' or '.') &&
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return JsonValue.Create(number);
        return JsonValue.Create(value);
    }
}
