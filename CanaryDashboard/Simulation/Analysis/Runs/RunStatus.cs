using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Analysis.Runs;

/// <summary>An AnalysisRun's <c>status</c> (analysis_types.go <c>AnalysisRunStatus</c>) while it is reconciled.</summary>
public sealed class RunStatus
{
    public string Phase { get; set; } = "";
    public string? Message { get; set; }
    public List<MetricResult> MetricResults { get; } = [];
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public RunSummary Summary { get; set; } = new();
    public RunSummary DryRunSummary { get; set; } = new();

    public MetricResult? Result(string metric) => MetricResults.FirstOrDefault(r => r.Name == metric);

    /// <summary>utils/analysis/helpers.go <c>SetResult</c>: replaces the metric's result, or appends it.</summary>
    public void SetResult(MetricResult result)
    {
        var index = MetricResults.FindIndex(r => r.Name == result.Name);
        if (index >= 0) MetricResults[index] = result;
        else MetricResults.Add(result);
    }

    public bool MetricCompleted(string metric) => AnalysisPhase.Completed(Result(metric)?.Phase);

    /// <summary>
    /// helpers.go <c>IsTerminating</c>: termination was asked for, or a metric (not a dry-run one)
    /// already ended Failed, Error or Inconclusive, which ends the whole run early.
    /// </summary>
    public bool IsTerminating(bool terminate) =>
        terminate || MetricResults.Any(r => !r.DryRun && r.Phase is AnalysisPhase.Failed or AnalysisPhase.Error or AnalysisPhase.Inconclusive);

    public static RunStatus FromJson(JsonObject? json)
    {
        var status = new RunStatus();
        if (json is null)
            return status;
        status.Phase = Json.Str(json["phase"]) ?? "";
        status.Message = Json.Str(json["message"]);
        status.MetricResults.AddRange((json["metricResults"] as JsonArray)?.OfType<JsonObject>().Select(MetricResult.FromJson) ?? []);
        status.StartedAt = Measurement.Time(json["startedAt"]);
        status.CompletedAt = Measurement.Time(json["completedAt"]);
        status.Summary = RunSummary.FromJson(json["runSummary"] as JsonObject);
        status.DryRunSummary = RunSummary.FromJson(json["dryRunSummary"] as JsonObject);
        return status;
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["phase"] = Phase };
        if (!string.IsNullOrEmpty(Message)) json["message"] = Message;
        if (MetricResults.Count > 0) json["metricResults"] = new JsonArray(MetricResults.Select(r => (JsonNode)r.ToJson()).ToArray());
        if (StartedAt is { } started) json["startedAt"] = Json.Timestamp(started);
        json["runSummary"] = Summary.ToJson();
        json["dryRunSummary"] = DryRunSummary.ToJson();
        if (CompletedAt is { } completed) json["completedAt"] = Json.Timestamp(completed);
        return json;
    }
}

/// <summary>analysis_types.go <c>RunSummary</c>: metrics counted by how they ended.</summary>
public sealed record RunSummary(int Count = 0, int Successful = 0, int Failed = 0, int Inconclusive = 0, int Error = 0)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Count != 0) json["count"] = Count;
        if (Successful != 0) json["successful"] = Successful;
        if (Failed != 0) json["failed"] = Failed;
        if (Inconclusive != 0) json["inconclusive"] = Inconclusive;
        if (Error != 0) json["error"] = Error;
        return json;
    }

    public static RunSummary FromJson(JsonObject? json) => json is null ? new() : new(
        Json.Int(json["count"]) ?? 0, Json.Int(json["successful"]) ?? 0, Json.Int(json["failed"]) ?? 0,
        Json.Int(json["inconclusive"]) ?? 0, Json.Int(json["error"]) ?? 0);
}
