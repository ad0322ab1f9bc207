using CanaryDashboard.Parameters;
using CanaryDashboard.Engine;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Prometheus;

namespace CanaryDashboard.Analyze;

/// <summary>
/// The seed's <c>CalculateSafeWeight</c>, done right: checks the rollout exists, reads its metrics
/// through the same batched source the poller uses, and lets the engine decide with the parameters
/// the caller resolved (<see cref="IAnalyzeParameterSource"/>), which every outcome carries. A metrics backend that cannot
/// answer, or answers only in part, is <see cref="AnalyzeStatus.Unavailable"/>: never a verdict.
/// </summary>
public sealed class CanaryAnalyzer(
    IRolloutDirectory directory,
    MetricTargetResolver resolver,
    IMetricsSource metrics,
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

        var target = resolver.Resolve(rollout);
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
        var status = result.Verdict switch
        {
            Verdict.Proceed => AnalyzeStatus.Proceed,
            Verdict.Breach => AnalyzeStatus.Breach,
            _ => AnalyzeStatus.InsufficientData,
        };
        return new AnalyzeOutcome(status, rollout, result.Reason, reading.At, parameters, target, reading, result, batch.Warnings);
    }
}
