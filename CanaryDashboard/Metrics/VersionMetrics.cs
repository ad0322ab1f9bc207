namespace CanaryDashboard.Metrics;

/// <summary>
/// One version's traffic over the rate window. <c>null</c> means the backend returned no usable
/// value (see <see cref="MetricsReading.Problems"/> for why).
/// </summary>
public sealed record VersionMetrics(
    double? P99Seconds,
    double? ErrorRate,
    double? RequestsPerSecond,
    double? Requests,
    PoolGauges? Pool = null)
{
    public static VersionMetrics Empty { get; } = new(null, null, null, null);
}

/// <summary>Connection-pool gauges of one version (the seed's pitfall 5): open, idle and max connections.</summary>
public sealed record PoolGauges(double Open, double Idle, double Max);
