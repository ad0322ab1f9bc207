using CanaryDashboard.Data.Entities;
using CanaryDashboard.Parameters;

namespace CanaryDashboard.Data.Queries;

/// <summary>One page of results, oldest or newest first as the query says; <c>NextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// One point of a rollout's history: a raw sample (<c>Resolution = "raw"</c>) or, beyond the raw
/// retention, a 1-minute aggregate (<c>"1m"</c>) whose <see cref="Values"/> are averages, with
/// <see cref="Min"/> and <see cref="Max"/> beside them.
/// </summary>
public sealed record SamplePoint(
    DateTimeOffset At,
    string Resolution,
    SampleValues Values,
    int? StepIndex,
    string? Verdict,
    string? Reason,
    int SampleCount,
    VerdictCounts? Verdicts = null,
    SampleValues? Min = null,
    SampleValues? Max = null,
    ParameterOrigin? Profile = null,
    EvidencePoint? Evidence = null);

/// <summary>
/// The evidence a raw sample's decision weighed (null on aggregates and on samples without it).
/// Deltas are fractions (p99 relative, errors absolute). JSON has no infinity: a <c>null</c> end of
/// a present interval is infinite, and <see cref="LatencyUnbounded"/> says so for the p99's upper
/// end ("no upper bound yet": the canary's p99 is above its top bucket).
/// </summary>
public sealed record EvidencePoint(
    string Verdict,
    DateTimeOffset? Since,
    double? LatencyDelta,
    double? LatencyLow,
    double? LatencyHigh,
    bool LatencyUnbounded,
    double? ErrorDelta,
    double? ErrorLow,
    double? ErrorHigh,
    double? CanaryRequests,
    double? CanaryErrors,
    double? StableRequests,
    double? StableErrors)
{
    public static EvidencePoint? Of(SampleEvidence e) => e.Verdict is { } verdict
        ? new(verdict.ToString(), e.Since, e.LatencyDelta, e.LatencyLow, e.LatencyHigh, e.LatencyLow is not null && e.LatencyHigh is null,
            e.ErrorDelta, e.ErrorLow, e.ErrorHigh, e.CanaryRequests, e.CanaryErrors, e.StableRequests, e.StableErrors)
        : null;
}

public sealed record VerdictCounts(int Proceed, int Breach, int InsufficientData);

public sealed record DecisionView(
    long Id, DateTimeOffset At, string Policy, string Verdict, double SafeWeight, double? EngineWeight,
    double? LatencyDelta, double? ErrorDelta, string EngineReason, string Rule, string Action,
    double? TargetWeight, int? TargetStepIndex, string? PatchTarget, string? PatchBody, string? PatchOutcome, bool? PatchSucceeded,
    ParameterOrigin? Profile = null);

public sealed record AuditView(
    long Id, DateTimeOffset At, string User, string Action, string Outcome,
    string? PatchTarget, string? PatchBody, string? KubectlCommand, string? Error);

public sealed record RunView(
    long Id, string Namespace, string Name, string Revision, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    string Outcome, DateTimeOffset? FirstBreachAt, DateTimeOffset? AbortedAt, double? BreachToAbortSeconds);
