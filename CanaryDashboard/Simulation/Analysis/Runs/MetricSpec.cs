using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Analysis.Runs;

/// <summary>
/// One metric of an AnalysisRun's spec, read as Argo's <c>v1alpha1.Metric</c>
/// (pkg/apis/rollouts/v1alpha1/analysis_types.go), with its defaults: <c>failureLimit</c> and
/// <c>inconclusiveLimit</c> 0, <c>consecutiveErrorLimit</c> 4 (utils/defaults), and
/// <see cref="EffectiveCount"/>.
/// </summary>
public sealed class MetricSpec(JsonObject metric)
{
    /// <summary>utils/defaults/defaults.go <c>DefaultConsecutiveErrorLimit</c>.</summary>
    public const int DefaultConsecutiveErrorLimit = 4;

    public JsonObject Source { get; } = metric;

    public string Name => Json.Str(Source["name"]) ?? "";
    public string Interval => Json.Str(Source["interval"]) ?? "";
    public string InitialDelay => Json.Str(Source["initialDelay"]) ?? "";
    public int? Count => IntOrString.Read(Source["count"]);
    public int? FailureLimit => IntOrString.Read(Source["failureLimit"]);
    public int? InconclusiveLimit => IntOrString.Read(Source["inconclusiveLimit"]);
    public int? ConsecutiveErrorLimit => IntOrString.Read(Source["consecutiveErrorLimit"]);
    public int? ConsecutiveSuccessLimit => IntOrString.Read(Source["consecutiveSuccessLimit"]);
    public string? SuccessCondition => Json.Str(Source["successCondition"]);
    public string? FailureCondition => Json.Str(Source["failureCondition"]);
    public JsonObject Provider => Source["provider"] as JsonObject ?? [];

    public int EffectiveFailureLimit => FailureLimit ?? 0;
    public int EffectiveInconclusiveLimit => InconclusiveLimit ?? 0;
    public int EffectiveConsecutiveErrorLimit => ConsecutiveErrorLimit ?? DefaultConsecutiveErrorLimit;

    /// <summary>
    /// analysis_types.go <c>EffectiveCount</c>: no count (or 0) and no interval is one measurement;
    /// an interval without a count runs until the run is terminated (null); otherwise the count.
    /// </summary>
    public int? EffectiveCount => Count is null or 0 ? (Interval.Length == 0 ? 1 : null) : Count;
}
