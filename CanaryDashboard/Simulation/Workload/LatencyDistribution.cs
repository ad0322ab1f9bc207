namespace CanaryDashboard.Simulation.Workload;

/// <summary>
/// A version's request latency: log-normal with shape σ, placed so that its 99th percentile is the
/// scenario's p99 (median = p99 / e^(z₀.₉₉ σ)). Log-normal because service times are skewed right,
/// as the evidence simulation in the engine's tests assumes too.
/// </summary>
public readonly record struct LatencyDistribution(double MedianSeconds, double Sigma)
{
    /// <summary>σ of log-latency: p99 ≈ 3.2 × median, a typical web service's spread.</summary>
    public const double DefaultSigma = 0.5;

    /// <summary>The standard normal's 99th percentile, Φ⁻¹(0.99).</summary>
    public const double Z99 = 2.3263478740408408;

    public static LatencyDistribution FromP99(double p99Seconds, double sigma = DefaultSigma) =>
        new(p99Seconds / Math.Exp(Z99 * sigma), sigma);

    public double P99Seconds => MedianSeconds * Math.Exp(Z99 * Sigma);

    /// <summary>The share of requests that take at most <paramref name="seconds"/>.</summary>
    public double Cdf(double seconds) =>
        seconds <= 0 ? 0
        : double.IsPositiveInfinity(seconds) ? 1
        : StandardNormalCdf(Math.Log(seconds / MedianSeconds) / Sigma);

    /// <summary>Φ(z) = erfc(−z/√2)/2, with erfc from Numerical Recipes' Chebyshev fit (relative error below 1.2e-7).</summary>
    public static double StandardNormalCdf(double z) => Erfc(-z / Math.Sqrt(2)) / 2;

    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var tail = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? tail : 2 - tail;
    }
}
