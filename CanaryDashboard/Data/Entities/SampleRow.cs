using CanaryDashboard.Engine;

namespace CanaryDashboard.Data.Entities;

/// <summary>One raw poll sample of one rollout (kept for <c>Storage:Retention:RawSamples</c>).</summary>
public sealed class SampleRow
{
    public long Id { get; set; }
    public int RolloutId { get; set; }
    public DateTimeOffset At { get; set; }
    public SampleValues Values { get; set; } = new();
    public int? StepIndex { get; set; }
    public Verdict Verdict { get; set; }
    public string? Reason { get; set; }
}
