using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Analysis.Runs;

/// <summary>
/// A metric's results in <c>status.metricResults</c> (analysis_types.go <c>MetricResult</c>): its
/// phase, the retained measurements and the counters Argo keeps. Zero counters are left out of
/// the JSON, as Go's <c>omitempty</c> does.
/// </summary>
public sealed class MetricResult
{
    public required string Name { get; init; }
    public string Phase { get; set; } = AnalysisPhase.Running;
    public List<Measurement> Measurements { get; set; } = [];
    public string? Message { get; set; }
    /// <summary>Measurements taken without Error (= Successful + Failed + Inconclusive).</summary>
    public int Count { get; set; }
    public int Successful { get; set; }
    public int Failed { get; set; }
    public int Inconclusive { get; set; }
    public int Error { get; set; }
    /// <summary>Errors in a row; reset by any measurement that is not an Error.</summary>
    public int ConsecutiveError { get; set; }
    /// <summary>Successes in a row; reset by anything else.</summary>
    public int ConsecutiveSuccess { get; set; }
    public bool DryRun { get; set; }
    public JsonObject? Metadata { get; set; }

    public Measurement? LastMeasurement => Measurements.Count == 0 ? null : Measurements[^1];

    /// <summary>
    /// analysis/analysis.go <c>runMeasurements</c>: a completed measurement moves the counters —
    /// Successful/Failed/Inconclusive count (and clear the error streak), an Error only adds to
    /// the error counters.
    /// </summary>
    public void Record(string phase)
    {
        switch (phase)
        {
            case AnalysisPhase.Successful:
                Successful++;
                Count++;
                ConsecutiveError = 0;
                ConsecutiveSuccess++;
                break;
            case AnalysisPhase.Failed:
                Failed++;
                Count++;
                ConsecutiveError = 0;
                ConsecutiveSuccess = 0;
                break;
            case AnalysisPhase.Inconclusive:
                Inconclusive++;
                Count++;
                ConsecutiveError = 0;
                ConsecutiveSuccess = 0;
                break;
            case AnalysisPhase.Error:
                Error++;
                ConsecutiveError++;
                ConsecutiveSuccess = 0;
                break;
        }
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["name"] = Name, ["phase"] = Phase };
        if (Measurements.Count > 0) json["measurements"] = new JsonArray(Measurements.Select(m => (JsonNode)m.ToJson()).ToArray());
        if (!string.IsNullOrEmpty(Message)) json["message"] = Message;
        if (Count != 0) json["count"] = Count;
        if (Successful != 0) json["successful"] = Successful;
        if (Failed != 0) json["failed"] = Failed;
        if (Inconclusive != 0) json["inconclusive"] = Inconclusive;
        if (Error != 0) json["error"] = Error;
        if (ConsecutiveError != 0) json["consecutiveError"] = ConsecutiveError;
        if (DryRun) json["dryRun"] = true;
        if (Metadata is { Count: > 0 }) json["metadata"] = Metadata.DeepClone();
        if (ConsecutiveSuccess != 0) json["consecutiveSuccess"] = ConsecutiveSuccess;
        return json;
    }

    public static MetricResult FromJson(JsonObject json) => new()
    {
        Name = Json.Str(json["name"]) ?? "",
        Phase = Json.Str(json["phase"]) ?? AnalysisPhase.Running,
        Measurements = (json["measurements"] as JsonArray)?.OfType<JsonObject>().Select(Measurement.FromJson).ToList() ?? [],
        Message = Json.Str(json["message"]),
        Count = Json.Int(json["count"]) ?? 0,
        Successful = Json.Int(json["successful"]) ?? 0,
        Failed = Json.Int(json["failed"]) ?? 0,
        Inconclusive = Json.Int(json["inconclusive"]) ?? 0,
        Error = Json.Int(json["error"]) ?? 0,
        ConsecutiveError = Json.Int(json["consecutiveError"]) ?? 0,
        ConsecutiveSuccess = Json.Int(json["consecutiveSuccess"]) ?? 0,
        DryRun = Json.Bool(json["dryRun"]) == true,
        Metadata = json["metadata"]?.DeepClone() as JsonObject,
    };
}
