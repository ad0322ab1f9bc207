using System.Text.Json.Nodes;

namespace CanaryDashboard.Simulation.Api;

/// <summary>JSON merge patch (RFC 7386), as the API server applies <c>application/merge-patch+json</c>.</summary>
public static class MergePatch
{
    /// <summary>Returns the patched document; <paramref name="target"/> is not modified.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
            return patch?.DeepClone();

        var result = target is JsonObject targetObject ? targetObject.DeepClone().AsObject() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
                result.Remove(key);
            else
                result[key] = Apply(result[key], value);
        }
        return result;
    }
}
