namespace CanaryDashboard.Engine.Evidence;

/// <summary>The verdict of one look and the evidence behind it (replays, simulations, and every look of the poller).</summary>
public sealed record EvidenceAssessment(EvidenceVerdict Verdict, ErrorRateEvidence Errors, LatencyEvidence Latency)
{
    /// <summary>The reason in words, without what a hold needs (built when asked for).</summary>
    public string Reason => EvidenceText.Describe(this, null);
}

/// <summary>
/// How much more traffic would decide, if the current estimates held and the traffic kept its
/// split: <see cref="MoreCanaryRequests"/> (and <see cref="MoreTime"/> when the window's length is
/// known) until the evidence shows <see cref="Expected"/>. <see cref="MoreCanaryRequests"/> is
/// <c>null</c> when no amount would (an estimate sitting on its threshold, a quantile above the
/// top bucket that can never be shown within): the rung should not wait for it.
/// </summary>
public sealed record EvidenceNeeded(EvidenceVerdict Expected, double? MoreCanaryRequests, TimeSpan? MoreTime, double? CanaryRequestsPerSecond);

/// <summary>The evidence of one look, with the hold's estimate of what more is needed and the reason in words.</summary>
public sealed record EvidenceResult(
    EvidenceVerdict Verdict,
    ErrorRateEvidence Errors,
    LatencyEvidence Latency,
    EvidenceNeeded? Needed,
    string Reason);
