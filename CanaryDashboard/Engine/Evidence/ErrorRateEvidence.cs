namespace CanaryDashboard.Engine.Evidence;

/// <summary>One version's errors over the window: the rate and its anytime-valid interval.</summary>
public sealed record VersionErrorRate(double Requests, double Errors, double Rate, Interval Interval);

/// <summary>
/// The error-rate delta (canary − stable, a fraction: 0.01 = 1 percentage point) with its
/// interval: [L_canary − U_stable, U_canary − L_stable] from the per-version sequences, so it
/// covers the true delta whenever both cover their rates (Bonferroni). <see cref="Problem"/> says
/// why there is no verdict from data (missing, invalid or too few requests); <c>null</c> when the
/// interval was measured.
/// </summary>
public sealed record ErrorRateEvidence(
    EvidenceVerdict Verdict,
    VersionErrorRate? Canary,
    VersionErrorRate? Stable,
    double? Delta,
    Interval? DeltaInterval,
    double Threshold,
    double Confidence,
    string? Problem)
{
    /// <summary>e.g. "errors +0.4 pp [−0.1, +0.9] at 95 %, 1,240 requests".</summary>
    public string Reason => EvidenceText.Describe(this);
}
