namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// The classical one-look intervals, for reference only: each is valid for a single look at a
/// sample of fixed size. Looked at every few seconds as the sample grows, their misses add up, which
/// is why the engine decides with <see cref="ConfidenceSequence"/> instead (README, "Evidence",
/// compares the two on the same simulated rungs).
/// </summary>
public static class FixedSampleIntervals
{
    /// <summary>
    /// Wilson's score interval for a proportion (Wilson, JASA 22, 1927):
    /// (x + z²/2)/(n + z²) ± z·√(x(n − x)/n + z²/4)/(n + z²), z the two-sided normal quantile.
    /// </summary>
    public static Interval Wilson(double successes, double trials, double confidence)
    {
        if (!(trials > 0)) return new Interval(0, 1);
        var x = Math.Clamp(successes, 0, trials);
        var z = SpecialFunctions.NormalQuantile(1 - (1 - confidence) / 2);
        var z2 = z * z;
        var centre = (x + z2 / 2) / (trials + z2);
        var half = z * Math.Sqrt(x * (trials - x) / trials + z2 / 4) / (trials + z2);
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// Newcombe's hybrid score interval for p₁ − p₂ (method 10 of Newcombe, "Interval estimation
    /// for the difference between independent proportions", Statistics in Medicine 17, 1998):
    /// δ − √((p₁ − l₁)² + (u₂ − p₂)²), δ + √((u₁ − p₁)² + (p₂ − l₂)²) from the two Wilson intervals.
    /// </summary>
    public static Interval Newcombe(double successes1, double trials1, double successes2, double trials2, double confidence)
    {
        var w1 = Wilson(successes1, trials1, confidence);
        var w2 = Wilson(successes2, trials2, confidence);
        var p1 = trials1 > 0 ? Math.Clamp(successes1 / trials1, 0, 1) : 0.5;
        var p2 = trials2 > 0 ? Math.Clamp(successes2 / trials2, 0, 1) : 0.5;
        var delta = p1 - p2;
        return new Interval(
            delta - Math.Sqrt(Square(p1 - w1.Lower) + Square(w2.Upper - p2)),
            delta + Math.Sqrt(Square(w1.Upper - p1) + Square(p2 - w2.Lower)));

        static double Square(double v) => v * v;
    }

    /// <summary>
    /// The distribution-free interval for the p-quantile from the order statistics of a sample of
    /// n (David &amp; Nagaraja, "Order Statistics", 3rd ed., 2003, §7.1): q_p ∈ [X₍l₎, X₍u₎] with
    /// P = P(l ≤ Bin(n, p) ≤ u − 1) ≥ <paramref name="confidence"/>, l the largest rank with
    /// P(Bin(n, p) ≤ l − 1) ≤ α/2 and u the smallest with P(Bin(n, p) ≤ u − 1) ≥ 1 − α/2.
    /// A lower rank of 0 means no lower bound (the quantile may be below every observation); an
    /// upper rank of n + 1 means no upper bound. n is rounded down to a whole number.
    /// </summary>
    public static (int Lower, int Upper) OrderStatisticRanks(double n, double p, double confidence)
    {
        var trials = (int)Math.Floor(Math.Max(0, n));
        if (trials == 0) return (0, 1);
        var tail = (1 - confidence) / 2;
        var cdf = new BinomialCdf(trials, p);
        // l − 1 = the largest k with P(Bin ≤ k) ≤ tail; u − 1 = the smallest k with P(Bin ≤ k) ≥ 1 − tail.
        var lower = cdf.LargestAtMost(tail) + 1;
        var upper = cdf.SmallestAtLeast(1 - tail) + 1;
        return (lower, upper);
    }

    /// <summary>
    /// The binomial distribution function by summing probabilities outwards from the mode, in
    /// log space through ln Γ: O(√n) terms per call, exact to rounding.
    /// </summary>
    private readonly struct BinomialCdf(int n, double p)
    {
        private readonly double _logP = Math.Log(p);
        private readonly double _logQ = SpecialFunctions.LogOnePlus(-p);
        private readonly double _qOverP = (1 - p) / p;

        private double Pmf(int k) => Math.Exp(SpecialFunctions.LogGamma(n + 1.0) - SpecialFunctions.LogGamma(k + 1.0)
                                              - SpecialFunctions.LogGamma(n - k + 1.0) + k * _logP + (n - k) * _logQ);

        /// <summary>P(Bin ≤ k), summing down from k until the terms vanish.</summary>
        public double AtMost(int k)
        {
            if (k < 0) return 0;
            if (k >= n) return 1;
            var mode = (int)Math.Floor((n + 1) * p);
            if (k > mode)
                return 1 - AtLeast(k + 1);
            double sum = 0, term = Pmf(k);
            for (var j = k; j >= 0 && term > 0; j--)
            {
                sum += term;
                if (term < sum * 1e-17) break;
                term *= j / (double)(n - j + 1) * _qOverP; // pmf(j − 1) = pmf(j) · j/(n − j + 1) · q/p
            }
            return Math.Min(1, sum);
        }

        private double AtLeast(int k)
        {
            if (k <= 0) return 1;
            if (k > n) return 0;
            double sum = 0, term = Pmf(k);
            for (var j = k; j <= n && term > 0; j++)
            {
                sum += term;
                if (term < sum * 1e-17) break;
                term *= (n - j) / (double)(j + 1) / _qOverP; // pmf(j + 1) = pmf(j) · (n − j)/(j + 1) · p/q
            }
            return Math.Min(1, sum);
        }

        /// <summary>The largest k in [−1, n] with P(Bin ≤ k) ≤ level (−1: none).</summary>
        public int LargestAtMost(double level)
        {
            var k = Guess(level);
            while (k >= 0 && AtMost(k) > level) k--;
            while (k + 1 <= n && AtMost(k + 1) <= level) k++;
            return k;
        }

        /// <summary>The smallest k in [0, n] with P(Bin ≤ k) ≥ level.</summary>
        public int SmallestAtLeast(double level)
        {
            var k = Guess(level);
            while (k < n && AtMost(k) < level) k++;
            while (k - 1 >= 0 && AtMost(k - 1) >= level) k--;
            return k;
        }

        private int Guess(double level)
        {
            var z = SpecialFunctions.NormalQuantile(level);
            var guess = n * p + z * Math.Sqrt(n * p * (1 - p));
            return (int)Math.Clamp(Math.Round(guess), -1, n);
        }
    }
}
