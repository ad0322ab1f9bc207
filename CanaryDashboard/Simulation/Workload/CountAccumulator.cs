using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Simulation.Workload;

/// <summary>One version's expected counts, summed over stretches of time at one service level each.</summary>
internal sealed class CountAccumulator(IReadOnlyList<double> bounds)
{
    private readonly double[] _atOrBelow = new double[bounds.Count];
    private double _requests;
    private double _errors;

    /// <summary>Adds <paramref name="seconds"/> at <paramref name="rate"/> requests per second with the given p99 and error rate.</summary>
    public void Add(double rate, ServiceLevel level, double seconds)
    {
        var requests = rate * seconds;
        if (requests <= 0)
            return;
        _requests += requests;
        _errors += requests * Math.Clamp(level.ErrorRate, 0, 1);
        var latency = LatencyDistribution.FromP99(Math.Max(0.001, level.P99Seconds));
        for (var i = 0; i < _atOrBelow.Length; i++)
            _atOrBelow[i] += requests * latency.Cdf(bounds[i]);
    }

    /// <summary>The counts as a query would return them: cumulative buckets ending in <c>+Inf</c> = all requests.</summary>
    public VersionCounts ToVersionCounts() =>
        VersionCounts.From(_requests, _errors,
            [.. bounds.Select((bound, i) => new HistogramBucket(bound, _atOrBelow[i])), new HistogramBucket(double.PositiveInfinity, _requests)]);
}
