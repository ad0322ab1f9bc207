using CanaryDashboard.Parameters;
using CanaryDashboard.Analyze;
using CanaryDashboard.Configuration;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Metrics;

namespace CanaryDashboard.Api;

/// <summary>
/// The body of every <c>/analyze</c> answer: <c>status</c> (what the template's conditions test,
/// <see cref="AnalyzeAnswer"/>), <c>weight</c> (the engine's weight on <c>proceed</c>, 0 otherwise),
/// <c>reason</c> in words, the evidence that was available (deltas, penalties, both versions'
/// readings, <c>problems</c>, Prometheus <c>warnings</c>) and the engine <c>parameters</c> with their
/// <c>profile</c> (origin), so each decision can be traced to the thresholds it used.
/// </summary>
internal sealed record AnalyzeResponse(
    double Weight, string Status, double? LatencyDelta, double? ErrorDelta, string Reason,
    double? EngineWeight, double? LatencyPenalty, double? ErrorPenalty, double? SafetyFactor, bool Clamped,
    VersionMetrics? Canary, VersionMetrics? Stable, IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings,
    AnalyzedRollout Rollout, string RateWindow, EngineParameters? Parameters, ParameterOrigin? Profile, DateTimeOffset Timestamp,
    AnalyzeEvidence? Evidence)
{
    public static AnalyzeResponse From(AnalyzeOutcome outcome, CanaryDashboardOptions options, IReadOnlyList<string>? requestProblems = null)
    {
        var result = outcome.Result;
        return new AnalyzeResponse(
            Weight: outcome.Status == AnalyzeStatus.Proceed && result?.Weight is { } w ? w : 0,
            Status: AnalyzeAnswer.StatusText(outcome.Status),
            LatencyDelta: result?.LatencyDelta,
            ErrorDelta: result?.ErrorDelta,
            Reason: outcome.Reason,
            EngineWeight: result?.Weight,
            LatencyPenalty: result?.LatencyPenalty,
            ErrorPenalty: result?.ErrorPenalty,
            SafetyFactor: result?.SafetyFactor,
            Clamped: result?.Clamped ?? false,
            Canary: outcome.Reading?.Canary,
            Stable: outcome.Reading?.Stable,
            Problems: outcome.Reading?.Problems ?? requestProblems ?? [],
            Warnings: outcome.Warnings ?? [],
            Rollout: new AnalyzedRollout(NullIfEmpty(outcome.Rollout.Namespace), NullIfEmpty(outcome.Rollout.Name), outcome.Target?.Job,
                outcome.Target?.CanaryVersion, outcome.Target?.StableVersion),
            RateWindow: options.Prometheus.RateWindow,
            Parameters: outcome.Parameters?.Engine,
            Profile: outcome.Parameters?.Origin,
            Timestamp: outcome.At,
            Evidence: AnalyzeEvidence.From(outcome));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

internal sealed record AnalyzedRollout(string? Namespace, string? Name, string? Job, string? CanaryVersion, string? StableVersion);

/// <summary>
/// The evidence the status rests on: the verdict, each delta with its interval (fractions: 0.08 = +8 % p99,
/// 0.004 = +0.4 pp errors; a missing end is unbounded), the counts since <c>since</c>, and whose look it is.
/// </summary>
internal sealed record AnalyzeEvidence(
    string Verdict, string Reason, DateTimeOffset? Since, string? Source, double Confidence,
    EvidenceDelta Latency, EvidenceDelta Errors, double? CanaryRequests, double? StableRequests)
{
    public static AnalyzeEvidence? From(AnalyzeOutcome outcome)
    {
        if (outcome.Evidence is not { } e)
            return null;
        return new AnalyzeEvidence(
            e.Verdict switch { EvidenceVerdict.Breach => "breach", EvidenceVerdict.WithinThreshold => "within", _ => "insufficient" },
            e.Reason, outcome.EvidenceSince, outcome.EvidenceSource, e.Latency.Confidence,
            new EvidenceDelta(e.Latency.Delta ?? e.Latency.DeltaAtLeast, Finite(e.Latency.DeltaInterval?.Lower), Finite(e.Latency.DeltaInterval?.Upper),
                e.Latency.Threshold, e.Latency.Reason),
            new EvidenceDelta(e.Errors.Delta, Finite(e.Errors.DeltaInterval?.Lower), Finite(e.Errors.DeltaInterval?.Upper), e.Errors.Threshold, e.Errors.Reason),
            e.Errors.Canary?.Requests ?? e.Latency.Canary?.Count, e.Errors.Stable?.Requests ?? e.Latency.Stable?.Count);
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}

internal sealed record EvidenceDelta(double? Estimate, double? Lower, double? Upper, double Threshold, string Reason);
