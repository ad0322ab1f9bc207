using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Analysis.Runs;

/// <summary>
/// One measurement of a metric (analysis_types.go <c>Measurement</c>), serialized as Argo does:
/// empty <c>message</c>, <c>value</c> and <c>metadata</c> are left out; times are RFC 3339 seconds.
/// </summary>
public sealed record Measurement(
    string Phase,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt = null,
    string? Value = null,
    string? Message = null,
    JsonObject? Metadata = null,
    DateTimeOffset? ResumeAt = null)
{
    /// <summary>utils/metric/metric.go <c>MarkMeasurementError</c>: Error, the reason, finished now unless already finished.</summary>
    public Measurement AsError(string message, DateTimeOffset now) =>
        this with { Phase = AnalysisPhase.Error, Message = message, FinishedAt = FinishedAt ?? now };

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["phase"] = Phase };
        if (!string.IsNullOrEmpty(Message)) json["message"] = Message;
        if (StartedAt is { } started) json["startedAt"] = Json.Timestamp(started);
        if (FinishedAt is { } finished) json["finishedAt"] = Json.Timestamp(finished);
        if (!string.IsNullOrEmpty(Value)) json["value"] = Value;
        if (Metadata is { Count: > 0 }) json["metadata"] = Metadata.DeepClone();
        if (ResumeAt is { } resume) json["resumeAt"] = Json.Timestamp(resume);
        return json;
    }

    public static Measurement FromJson(JsonObject json) => new(
        Json.Str(json["phase"]) ?? "",
        Time(json["startedAt"]),
        Time(json["finishedAt"]),
        Json.Str(json["value"]),
        Json.Str(json["message"]),
        json["metadata"]?.DeepClone() as JsonObject,
        Time(json["resumeAt"]));

    public static DateTimeOffset? Time(JsonNode? node) =>
        DateTimeOffset.TryParse(Json.Str(node), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
