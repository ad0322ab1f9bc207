using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CanaryDashboard.Simulation.Api;

/// <summary>Small, tolerant readers over <see cref="JsonNode"/>: a value of the wrong type reads as absent, never throws.</summary>
public static class Json
{
    public static string? Str(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public static long? Long(JsonNode? node)
    {
        if (node is not JsonValue value)
            return null;
        if (value.TryGetValue<long>(out var l)) return l;
        if (value.TryGetValue<int>(out var i)) return i;
        if (value.TryGetValue<double>(out var d) && Math.Abs(d % 1) < 1e-9) return (long)d;
        if (value.TryGetValue<decimal>(out var m) && m == Math.Truncate(m)) return (long)m;
        if (value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var el)) return el;
        if (value.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        return null;
    }

    public static int? Int(JsonNode? node) => Long(node) is { } l and >= int.MinValue and <= int.MaxValue ? (int)l : null;

    public static bool? Bool(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;

    public static JsonObject Obj(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing)
            return existing;
        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    public static JsonObject Metadata(JsonObject obj) => Obj(obj, "metadata");

    public static string Name(JsonObject obj) => Str(obj["metadata"]?["name"]) ?? "";

    public static string Namespace(JsonObject obj) => Str(obj["metadata"]?["namespace"]) ?? "";

    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static byte[] ToUtf8(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node);
}
