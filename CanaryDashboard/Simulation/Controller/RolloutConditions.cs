using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Controller;

/// <summary>Writes <c>status.conditions</c> as Argo does: timestamps move only when a condition really changes.</summary>
internal static class RolloutConditions
{
    public static void Set(JsonObject status, string type, bool? value, string reason, string message, DateTimeOffset now)
    {
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var text = value switch { true => "True", false => "False", null => "Unknown" };
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => Json.Str(c["type"]) == type);
        var stamp = Json.Timestamp(now);
        if (existing is null)
        {
            conditions.Add(new JsonObject
            {
                ["lastTransitionTime"] = stamp,
                ["lastUpdateTime"] = stamp,
                ["message"] = message,
                ["reason"] = reason,
                ["status"] = text,
                ["type"] = type,
            });
            return;
        }
        if (Json.Str(existing["status"]) != text)
            existing["lastTransitionTime"] = stamp;
        if (Json.Str(existing["status"]) != text || Json.Str(existing["reason"]) != reason || Json.Str(existing["message"]) != message)
            existing["lastUpdateTime"] = stamp;
        existing["status"] = text;
        existing["reason"] = reason;
        existing["message"] = message;
    }

    public static string? MessageOf(JsonObject status, string type, string reason) =>
        (status["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => Json.Str(c["type"]) == type && Json.Str(c["reason"]) == reason) is { } found
            ? Json.Str(found["message"])
            : null;
}
