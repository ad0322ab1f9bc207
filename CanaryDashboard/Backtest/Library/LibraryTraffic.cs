namespace CanaryDashboard.Backtest.Library;

/// <summary>
/// The library's traffic, one poll at a time: Poisson arrivals, independent errors and log-normal
/// service times seen through the workload's histogram buckets (the model of the evidence tests'
/// simulator). Stable: 0.5 % errors, median 100 ms, σ 0.5 (p99 = 320 ms). With Poisson arrivals the
/// counts per bucket, errors and successes are independent Poisson variables, so they are drawn per
/// bucket, not per request (a poll at 7,500 req/s costs 65 draws, not 15,000). Requests and the
/// histogram are drawn separately: two counters of the same traffic, as Prometheus holds them.
/// </summary>
public static class LibraryTraffic
{
    public const double StableErrorRate = 0.005;
    public const double StableMedianSeconds = 0.100;
    public const double Sigma = 0.5;

    /// <summary>10 ms wide to 600 ms, then 0.8, 1, 2.5, 5 s: the workload's buckets.</summary>
    public static readonly double[] Bounds =
        [.. Enumerable.Range(1, 60).Select(i => Math.Round(i * 0.01, 2)), 0.8, 1.0, 2.5, 5.0];

    /// <summary>
    /// Expected share of requests in each bucket of <see cref="Bounds"/>, the last one above the top
    /// bound, for a log-normal with this median and σ.
    /// </summary>
    public static void Shares(double medianSeconds, double sigma, Span<double> shares)
    {
        var previous = 0.0;
        for (var i = 0; i < Bounds.Length; i++)
        {
            var cdf = Normal.Cdf((Math.Log(Bounds[i]) - Math.Log(medianSeconds)) / sigma);
            shares[i] = cdf - previous;
            previous = cdf;
        }
        shares[^1] = 1 - previous;
    }

    /// <summary>
    /// Adds one poll's traffic of one version to its running counts: <paramref name="buckets"/> holds
    /// new counts per bucket (not cumulative; the last above the top bound).
    /// </summary>
    public static void Draw(Random random, double expectedRequests, double errorRate, ReadOnlySpan<double> shares,
        Span<double> buckets, ref double requests, ref double errors)
    {
        for (var i = 0; i < buckets.Length; i++) buckets[i] += Poisson.Sample(random, expectedRequests * shares[i]);
        var newErrors = Poisson.Sample(random, expectedRequests * errorRate);
        errors += newErrors;
        requests += newErrors + Poisson.Sample(random, expectedRequests * (1 - errorRate));
    }

    /// <summary>A standard normal variate (Box–Muller): the noisy runs' wander.</summary>
    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
