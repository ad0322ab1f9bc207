using CanaryDashboard.Configuration;
using CanaryDashboard.Engine;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Prometheus;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Analyze;

/// <summary>What <c>/analyze</c> concluded, before it becomes HTTP.</summary>
public enum AnalyzeStatus { Proceed, Breach, InsufficientData, UnknownRollout, Unavailable }

public sealed record AnalyzeOutcome(
    AnalyzeStatus Status,
    RolloutKey Rollout,
    string Reason,
    DateTimeOffset At,
    MetricTarget? Target = null,
    MetricsReading? Reading = null,
    EngineResult? Result = null,
    IReadOnlyList<string>? Warnings = null);

/// <summary>
/// The seed's <c>CalculateSafeWeight</c>, done right: checks the rollout exists, reads its metrics
/// through the same batched source the poller uses, and lets the engine decide. A metrics backend
/// that cannot answer is <see cref="AnalyzeStatus.Unavailable"/>, never a weight.
/// </summary>
public sealed class CanaryAnalyzer(
    IRolloutDirectory directory,
    MetricTargetResolver resolver,
    IMetricsSource metrics,
    IOptions<CanaryDashboardOptions> options,
    TimeProvider time)
{
    public async Task<AnalyzeOutcome> AnalyzeAsync(RolloutKey rollout, CancellationToken cancellationToken)
    {
        var lookup = await directory.LookUpAsync(rollout, cancellationToken);
        switch (lookup.Presence)
        {
            case RolloutPresence.Unknown:
                return new AnalyzeOutcome(AnalyzeStatus.UnknownRollout, rollout, lookup.Detail, time.GetUtcNow());
            case RolloutPresence.CannotTell:
                return new AnalyzeOutcome(AnalyzeStatus.Unavailable, rollout, lookup.Detail, time.GetUtcNow());
        }

        var target = resolver.Resolve(rollout);
        var batch = await metrics.ReadAsync([target], cancellationToken);
        if (!batch.BackendAvailable)
            return new AnalyzeOutcome(AnalyzeStatus.Unavailable, rollout, "metrics backend unavailable: " + batch.Error, batch.At, target, Warnings: batch.Warnings);
        if (batch.FailedQueries.Count > 0)
            // Partial knowledge is not knowledge: let Argo count an error and ask again, rather than fail the run on a hiccup.
            return new AnalyzeOutcome(AnalyzeStatus.Unavailable, rollout, "some metrics could not be read: " + string.Join("; ", batch.FailedQueries),
                batch.At, target, batch.Readings.GetValueOrDefault(rollout), Warnings: batch.Warnings);
        if (!batch.Readings.TryGetValue(rollout, out var reading))
            return new AnalyzeOutcome(AnalyzeStatus.Unavailable, rollout, "the metrics source returned no reading for this rollout", batch.At, target, Warnings: batch.Warnings);

        var result = WeightEngine.Evaluate(reading.ToEngineInputs(), options.Value.Engine);
        var status = result.Verdict switch
        {
            Verdict.Proceed => AnalyzeStatus.Proceed,
            Verdict.Breach => AnalyzeStatus.Breach,
            _ => AnalyzeStatus.InsufficientData,
        };
        return new AnalyzeOutcome(status, rollout, result.Reason, reading.At, target, reading, result, batch.Warnings);
    }
}
