using CanaryDashboard.Data.Entities;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Data.Writing;

/// <summary>A sample's evidence as stored columns (<see cref="SampleEvidence"/>).</summary>
internal static class SampleEvidenceMapping
{
    public static SampleEvidence ToEvidence(SampleRecord s)
    {
        if (s.Evidence is not { } a) return new SampleEvidence();
        var (latencyLow, latencyHigh) = Ends(a.Latency.DeltaInterval);
        var (errorLow, errorHigh) = Ends(a.Errors.DeltaInterval);
        // The raw counts when the poller handed them over; else what the assessment read (null where it read none).
        return new SampleEvidence
        {
            Verdict = a.Verdict,
            Since = s.EvidenceSince,
            LatencyDelta = Finite(a.Latency.Delta),
            LatencyLow = latencyLow,
            LatencyHigh = latencyHigh,
            ErrorDelta = Finite(a.Errors.Delta),
            ErrorLow = errorLow,
            ErrorHigh = errorHigh,
            CanaryRequests = Finite(s.Counts?.Canary.Requests ?? a.Errors.Canary?.Requests),
            CanaryErrors = Finite(s.Counts?.Canary.Errors ?? a.Errors.Canary?.Errors),
            StableRequests = Finite(s.Counts?.Stable.Requests ?? a.Errors.Stable?.Requests),
            StableErrors = Finite(s.Counts?.Stable.Errors ?? a.Errors.Stable?.Errors),
            Counts = s.Counts is { } counts ? EvidenceCountsCodec.Encode(counts) : null,
        };
    }

    private static (double? Low, double? High) Ends(Interval? interval)
    {
        if (interval is not { } i) return (null, null);
        // Both ends infinite says nothing: stored as no interval (null, null) all the same.
        return (SampleEvidence.End(i.Lower), SampleEvidence.End(i.Upper));
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
