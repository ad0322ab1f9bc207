namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// One version's latency quantile: the <c>histogram_quantile</c> estimate and its anytime-valid
/// interval from the order statistics. When the quantile's rank is in the <c>+Inf</c> bucket,
/// <see cref="Estimate"/> is <c>null</c>, <see cref="AboveTopBucket"/> is true and the interval
/// starts at <see cref="TopFiniteBound"/> with no upper end: the quantile is unknown but above
/// that bound, never the bound itself (what Prometheus would answer).
/// </summary>
public sealed record VersionQuantile(
    double Count,
    double Quantile,
    double? Estimate,
    bool AboveTopBucket,
    double TopFiniteBound,
    double ShareAboveTop,
    Interval Interval);

/// <summary>
/// The relative latency delta (p_canary − p_stable)/p_stable with its interval
/// [L_canary/U_stable − 1, U_canary/L_stable − 1], which covers the true delta whenever both
/// per-version intervals cover their quantiles. <see cref="Delta"/> is <c>null</c> when a quantile
/// is above its top bucket; then <see cref="DeltaAtLeast"/> tells the least the delta is when
/// only the canary's is (its quantile is at least the top bound). <see cref="Quantile"/> is the one compared (0.99).
/// </summary>
public sealed record LatencyEvidence(
    EvidenceVerdict Verdict,
    VersionQuantile? Canary,
    VersionQuantile? Stable,
    double? Delta,
    double? DeltaAtLeast,
    Interval? DeltaInterval,
    double Quantile,
    double Threshold,
    double Confidence,
    string? Problem)
{
    /// <summary>e.g. "p99 +8 % [−3 %, +19 %] at 95 %, 1,240 requests".</summary>
    public string Reason => EvidenceText.Describe(this);
}
