using CanaryDashboard.Data.Queries;
using CanaryDashboard.Data.Entities;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Live;
using CanaryDashboard.Metrics;

namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>
/// A stored history point as the live sample the charts plot, so history and live appends draw
/// through the same series definitions. A 1-minute aggregate (beyond the raw retention) plots its
/// averages; its verdict is the worst of the minute (any breach is a breach).
/// </summary>
public static class HistorySamples
{
    public static LiveSample ToLiveSample(SamplePoint point)
    {
        var v = point.Values;
        var verdict = VerdictOf(point);
        var engine = new EngineResult(verdict, v.LatencyDelta, v.ErrorDelta, null, null, null,
            verdict == Verdict.Proceed ? v.SafeWeight ?? v.EngineWeight : null, false, point.Reason ?? "");
        return new LiveSample(point.At,
            new VersionMetrics(v.CanaryP99, v.CanaryErrorRate, v.CanaryRequestRate, v.CanaryRequests, Pool(v.CanaryPoolOpen, v.CanaryPoolIdle, v.CanaryPoolMax)),
            new VersionMetrics(v.StableP99, v.StableErrorRate, v.StableRequestRate, v.StableRequests, Pool(v.StablePoolOpen, v.StablePoolIdle, v.StablePoolMax)),
            engine, v.ActualWeight, v.SetWeight is { } w ? (int)Math.Round(w) : null, point.StepIndex, null)
        {
            Evidence = Evidence(point.Evidence),
            EvidenceSince = point.Evidence?.Since,
        };
    }

    /// <summary>
    /// As much of the assessment as the history keeps: the verdict, deltas and intervals the charts
    /// draw (not the per-version intervals, thresholds or confidence, which read as unknown).
    /// </summary>
    private static EvidenceAssessment? Evidence(EvidencePoint? e)
    {
        if (e is null || !Enum.TryParse<EvidenceVerdict>(e.Verdict, out var verdict)) return null;
        const string stored = "as stored in the history";
        var latency = SampleEvidence.ToInterval(e.LatencyLow, e.LatencyHigh);
        var errors = SampleEvidence.ToInterval(e.ErrorLow, e.ErrorHigh);
        return new EvidenceAssessment(verdict,
            new ErrorRateEvidence(verdict, null, null, e.ErrorDelta, errors, double.NaN, double.NaN, stored),
            new LatencyEvidence(verdict, null, null, e.LatencyDelta, null, latency, 0.99, double.NaN, double.NaN, stored));
    }

    private static Verdict VerdictOf(SamplePoint point)
    {
        if (Enum.TryParse<Verdict>(point.Verdict, ignoreCase: true, out var verdict))
            return verdict;
        return point.Verdicts switch
        {
            { Breach: > 0 } => Verdict.Breach,
            { Proceed: > 0 } => Verdict.Proceed,
            _ => Verdict.InsufficientData,
        };
    }

    private static PoolGauges? Pool(double? open, double? idle, double? max) =>
        open is { } o && idle is { } i && max is { } m ? new PoolGauges(o, i, m) : null;
}
