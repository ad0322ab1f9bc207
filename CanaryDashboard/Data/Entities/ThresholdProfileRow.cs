using CanaryDashboard.Engine;

namespace CanaryDashboard.Data.Entities;

/// <summary>
/// One version of a named set of engine parameters. Saving a profile adds a version; rows are
/// never updated, so a decision or a backtest can always name the exact values it used.
/// The parameters are columns of their own (not a mapped <see cref="EngineParameters"/>) so a
/// member added to the engine's contract does not silently change the schema.
/// </summary>
public sealed class ThresholdProfileRow
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public int Version { get; set; }
    public double LatencyDecay { get; set; }
    public double ErrorSlope { get; set; }
    public double SafetyFloor { get; set; }
    public double ErrorFloor { get; set; }
    public double MinWeight { get; set; }
    public double MaxWeight { get; set; }
    public double LatencyThreshold { get; set; }
    public double ErrorThreshold { get; set; }
    public double MinRequests { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? Comment { get; set; }

    public EngineParameters ToParameters() => new()
    {
        LatencyDecay = LatencyDecay, ErrorSlope = ErrorSlope, SafetyFloor = SafetyFloor, ErrorFloor = ErrorFloor,
        MinWeight = MinWeight, MaxWeight = MaxWeight, LatencyThreshold = LatencyThreshold,
        ErrorThreshold = ErrorThreshold, MinRequests = MinRequests,
    };

    public void SetParameters(EngineParameters p)
    {
        LatencyDecay = p.LatencyDecay; ErrorSlope = p.ErrorSlope; SafetyFloor = p.SafetyFloor; ErrorFloor = p.ErrorFloor;
        MinWeight = p.MinWeight; MaxWeight = p.MaxWeight; LatencyThreshold = p.LatencyThreshold;
        ErrorThreshold = p.ErrorThreshold; MinRequests = p.MinRequests;
    }
}
