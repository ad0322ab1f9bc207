using CanaryDashboard.Engine;

namespace CanaryDashboard.Data.Entities;

/// <summary>One raw poll sample of one rollout (kept for <c>Storage:Retention:RawSamples</c>).</summary>
public sealed class SampleRow : IRecordsOrigin
{
    public long Id { get; set; }
    public int RolloutId { get; set; }
    public DateTimeOffset At { get; set; }
    public SampleValues Values { get; set; } = new();
    public int? StepIndex { get; set; }
    public Verdict Verdict { get; set; }
    public string? Reason { get; set; }
    /// <summary>The evidence the decision weighed (all null when none was read).</summary>
    public SampleEvidence Evidence { get; set; } = new();

    // The parameters the engine judged this sample with (IRecordsOrigin).
    public string? ParameterSource { get; set; }
    public string? ProfileName { get; set; }
    public int? ProfileVersion { get; set; }
}
