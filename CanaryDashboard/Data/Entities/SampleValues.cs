namespace CanaryDashboard.Data.Entities;

/// <summary>
/// Every numeric value of one poll sample. A raw sample holds one of these; a 1-minute aggregate
/// holds three (min, avg, max), so a field added here is aggregated and served without more code.
/// <c>null</c> means the value was not available for that poll.
/// </summary>
public sealed class SampleValues
{
    public double? CanaryP99 { get; set; }
    public double? StableP99 { get; set; }
    public double? CanaryErrorRate { get; set; }
    public double? StableErrorRate { get; set; }
    public double? CanaryRequestRate { get; set; }
    public double? StableRequestRate { get; set; }
    public double? CanaryRequests { get; set; }
    public double? StableRequests { get; set; }
    public double? CanaryPoolOpen { get; set; }
    public double? CanaryPoolIdle { get; set; }
    public double? CanaryPoolMax { get; set; }
    public double? StablePoolOpen { get; set; }
    public double? StablePoolIdle { get; set; }
    public double? StablePoolMax { get; set; }
    public double? LatencyDelta { get; set; }
    public double? ErrorDelta { get; set; }
    /// <summary>The engine's safe weight (0 on breach or insufficient data).</summary>
    public double? SafeWeight { get; set; }
    /// <summary>The engine's interpolated weight (also on breach), null on insufficient data.</summary>
    public double? EngineWeight { get; set; }
    /// <summary>The canary's real traffic weight (status.canary.weights / available pods).</summary>
    public double? ActualWeight { get; set; }
    /// <summary>The weight of the rollout's current setWeight step.</summary>
    public double? SetWeight { get; set; }

    /// <summary>The names of the numeric fields, in declaration order.</summary>
    public static IReadOnlyList<string> FieldNames { get; } =
        typeof(SampleValues).GetProperties().Where(p => p.PropertyType == typeof(double?)).Select(p => p.Name).ToArray();
}
