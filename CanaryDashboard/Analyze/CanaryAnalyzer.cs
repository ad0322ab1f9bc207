using CanaryDashboard.Configuration;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Live;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Parameters;
using CanaryDashboard.Polling;
using CanaryDashboard.Prometheus;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Analyze;

/// <summary>
/// The seed's <c>CalculateSafeWeight</c>, done right, and in agreement with the control loop: the same
/// evidence (counts since the rung's entry, <see cref="EvidenceEngine"/>) and the same parameters
/// (the caller resolved them, <see cref="IAnalyzeParameterSource"/>, as the loop does).
/// <list type="bullet">
/// <item>When the loop looked at this rollout's current revision within <see cref="AnalyzeOptions.MaxEvidenceAge"/>,
/// its look is the answer: one evidence, one verdict, whoever asks.</item>
/// <item>Otherwise (polling off, or not yet polled) it reads the metrics itself through the same batched source,
/// over a window from the rung's pause start, or one rate window before it was first asked (<see cref="AnalyzeRungWindows"/>).</item>
/// </list>
/// Only evidence decides: a breach shown is <see cref="AnalyzeStatus.Breach"/>; evidence within both thresholds,
/// with the engine's weight, is <see cref="AnalyzeStatus.Proceed"/>; anything else (too few requests, no counts,
/// a point estimate above a threshold not yet shown) is <see cref="AnalyzeStatus.InsufficientData"/>, and a metrics
/// backend that cannot answer, or answers only in part, is <see cref="AnalyzeStatus.Unavailable"/>: never a verdict.
/// </summary>
public sealed class CanaryAnalyzer(
    IRolloutDirectory directory,
    MetricTargetResolver resolver,
    IMetricsSource metrics,
    LiveRolloutStore live,
    IRolloutSnapshotProvider snapshots,
    AnalyzeRungWindows windows,
    IOptions<CanaryDashboardOptions> options,
    TimeProvider time)
{
    public async Task<AnalyzeOutcome> AnalyzeAsync(RolloutKey rollout, EffectiveParameters parameters, CancellationToken cancellationToken)
    {
        var lookup = await directory.LookUpAsync(rollout, cancellationToken);
        switch (lookup.Presence)
        {
            case RolloutPresence.Unknown:
                return new AnalyzeOutcome(AnalyzeStatus.UnknownRollout, rollout, lookup.Detail, time.GetUtcNow(), parameters);
            case RolloutPresence.CannotTell:
                return new AnalyzeOutcome(AnalyzeStatus.Unavailable, rollout, lookup.Detail, time.GetUtcNow(), parameters);
        }

        var snapshot = snapshots.Get(rollout);
        if (LoopLook(rollout, snapshot) is { } look)
            return look with { Parameters = parameters };

        var lookBack = PromDuration.ToTimeSpan(options.Value.Prometheus.RateWindow) ?? TimeSpan.FromMinutes(5);
        var target = resolver.Resolve(rollout) with
        {
            WindowStart = windows.WindowStart(rollout, snapshot?.CanaryPodHash,
                snapshot is null ? null : SnapshotReading.Position(snapshot).PauseStartedAt, lookBack),
            CanaryRevision = snapshot?.CanaryPodHash,
            StableRevision = snapshot?.StablePodHash,
        };
        var batch = await metrics.ReadAsync([target], cancellationToken);
        if (!batch.BackendAvailable)
            return new AnalyzeOutcome(AnalyzeStatus.Unavailable, rollout, "metrics backend unavailable: " + batch.Error, batch.At, parameters, target,
                Warnings: batch.Warnings);
        if (batch.FailedQueries.Count > 0)
            // Partial knowledge is not knowledge: no verdict on a hiccup; what was read is still shown.
            return new AnalyzeOutcome(AnalyzeStatus.Unavailable, rollout, "some metrics could not be read: " + string.Join("; ", batch.FailedQueries),
                batch.At, parameters, target, batch.Readings.GetValueOrDefault(rollout), Warnings: batch.Warnings);
        if (!batch.Readings.TryGetValue(rollout, out var reading))
            return new AnalyzeOutcome(AnalyzeStatus.Unavailable, rollout, "the metrics source returned no reading for this rollout", batch.At, parameters, target,
                Warnings: batch.Warnings);

        var result = WeightEngine.Evaluate(reading.ToEngineInputs(), parameters.Engine);
        var evidence = reading.Counts is { } counts ? EvidenceEngine.Assess(counts, parameters.Engine, options.Value.Evidence) : null;
        var (status, reason) = Judge(result, evidence);
        return new AnalyzeOutcome(status, rollout, reason, reading.At, parameters, target, reading, result, batch.Warnings)
        {
            Evidence = evidence,
            EvidenceSince = reading.CountsSince,
            EvidenceSource = "read by /analyze (the control loop has no recent look at this revision)",
        };
    }

    /// <summary>The control loop's latest look, when it is recent and of the revision now under canary.</summary>
    private AnalyzeOutcome? LoopLook(RolloutKey rollout, RolloutSnapshot? current)
    {
        if (live.Get(rollout) is not { Latest: { Evidence: { } evidence } sample } state)
            return null;
        var age = time.GetUtcNow() - sample.At;
        if (age > options.Value.Analyze.MaxEvidenceAge || age < TimeSpan.Zero)
            return null;
        // A new revision that landed after the look must not be judged on the old one's evidence.
        if (current is null || state.Snapshot is not RolloutSnapshot looked || looked.CanaryPodHash != current.CanaryPodHash)
            return null;
        var (status, reason) = Judge(sample.Engine, evidence);
        return new AnalyzeOutcome(status, rollout, reason, sample.At, Result: sample.Engine)
        {
            Evidence = evidence,
            EvidenceSince = sample.EvidenceSince,
            EvidenceSource = $"the control loop's look {Math.Max(0, age.TotalSeconds):0} s ago",
        };
    }

    /// <summary>The loop's rules for a verdict (<see cref="Polling.Decisions.RolloutDecider"/>): evidence decides whether, the engine how far.</summary>
    internal static (AnalyzeStatus Status, string Reason) Judge(EngineResult engine, EvidenceAssessment? evidence) => evidence?.Verdict switch
    {
        null => (AnalyzeStatus.InsufficientData, "no evidence: no request counts since the rung's entry"),
        EvidenceVerdict.Breach => (AnalyzeStatus.Breach, evidence.Reason),
        EvidenceVerdict.WithinThreshold when engine.Verdict == Verdict.Proceed => (AnalyzeStatus.Proceed, $"{evidence.Reason}; {engine.Reason}"),
        EvidenceVerdict.WithinThreshold => (AnalyzeStatus.InsufficientData,
            $"{evidence.Reason}; but the rate window gives no weight ({engine.Reason})"),
        _ => (AnalyzeStatus.InsufficientData, "not enough evidence yet: " + evidence.Reason),
    };
}
