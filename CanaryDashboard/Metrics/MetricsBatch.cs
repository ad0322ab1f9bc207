using CanaryDashboard.Model;

namespace CanaryDashboard.Metrics;

/// <summary>
/// The answer to one batched read for many rollouts. When the backend could not be reached at
/// all, <see cref="BackendAvailable"/> is false and <see cref="Error"/> says why; a reachable
/// backend with partial data gives readings whose <see cref="MetricsReading.Problems"/> say what is missing.
/// </summary>
public sealed record MetricsBatch(
    DateTimeOffset At,
    bool BackendAvailable,
    string? Error,
    IReadOnlyDictionary<RolloutKey, MetricsReading> Readings,
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// The queries of this batch that got no usable answer, each with why; empty when all answered.
    /// Readings built without them carry the same reason in their problems.
    /// </summary>
    public IReadOnlyList<string> FailedQueries { get; init; } = [];

    public static MetricsBatch Unavailable(DateTimeOffset at, string error) =>
        new(at, false, error, new Dictionary<RolloutKey, MetricsReading>(), []);
}
