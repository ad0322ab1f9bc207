namespace CanaryDashboard.Metrics;

/// <summary>
/// Reads canary and stable metrics for many rollouts in one batch. Implementations never throw
/// to callers (except for cancellation): every failure is reported inside the batch.
/// </summary>
public interface IMetricsSource
{
    Task<MetricsBatch> ReadAsync(IReadOnlyList<MetricTarget> targets, CancellationToken cancellationToken);
}
