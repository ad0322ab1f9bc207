namespace CanaryDashboard.Engine.Evidence;

/// <summary>The per-metric decision from a delta's interval and estimate, for either breach rule.</summary>
internal static class MetricDecision
{
    /// <param name="estimate">The point estimate, or the least it can be (a quantile above the top bucket); NaN when unknown.</param>
    public static EvidenceVerdict Decide(Interval interval, double estimate, double threshold, BreachRule rule)
    {
        var breach = rule switch
        {
            BreachRule.WorseThanStableAndEstimateAboveThreshold => interval.Lower > 0 && estimate > threshold,
            _ => interval.Lower > threshold,
        };
        if (breach) return EvidenceVerdict.Breach;
        return interval.Upper <= threshold ? EvidenceVerdict.WithinThreshold : EvidenceVerdict.Insufficient;
    }

    /// <summary>Breach if either metric shows one; within only when both do; otherwise hold.</summary>
    public static EvidenceVerdict Combine(EvidenceVerdict errors, EvidenceVerdict latency) =>
        errors == EvidenceVerdict.Breach || latency == EvidenceVerdict.Breach ? EvidenceVerdict.Breach
        : errors == EvidenceVerdict.WithinThreshold && latency == EvidenceVerdict.WithinThreshold ? EvidenceVerdict.WithinThreshold
        : EvidenceVerdict.Insufficient;
}
