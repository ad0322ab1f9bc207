namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// Anytime-valid confidence sequences for a Bernoulli proportion, from the beta-binomial mixture
/// martingale (Robbins, "Statistical methods related to the law of the iterated logarithm", Ann.
/// Math. Statist. 41, 1970; Howard, Ramdas, McAuliffe &amp; Sekhon, "Time-uniform, nonparametric,
/// nonasymptotic confidence sequences", Ann. Statist. 49, 2021: the conjugate-mixture boundaries).
/// <para>
/// After x successes in n trials, the mixture likelihood ratio against the proportion p is
/// M(p) = [B(a + x, b + n − x) / B(a, b)] / [pˣ (1 − p)ⁿ⁻ˣ]. Under the true p it is a non-negative
/// martingale with mean 1, so by Ville's inequality P(∃ n : M(p) ≥ 1/α) ≤ α: the set
/// {p : M(p) &lt; 1/α} holds the truth at every n at once with probability ≥ 1 − α. Looking after
/// every request, every 2 s or whenever one likes does not change that: this is what lets the
/// poller look often without inflating false aborts.
/// </para>
/// Counts may be fractional (PromQL's <c>increase()</c> extrapolates): Γ takes real arguments, so
/// the formula is used as it stands.
/// </summary>
public static class ConfidenceSequence
{
    /// <summary>Relative precision of the bounds: far below anything a decision or a display resolves.</summary>
    private const double Tolerance = 1e-10;

    /// <summary>
    /// The set of proportions p with M(p) &lt; 1/α after <paramref name="successes"/> of
    /// <paramref name="trials"/>. log M is convex in p with its minimum at x/n (where M ≤ 1), so
    /// the set is an interval around x/n; its ends are found to 10 digits and rounded outwards.
    /// No trials: [0, 1].
    /// </summary>
    public static Interval Proportion(double successes, double trials, double alpha, BetaPrior prior)
    {
        if (!(trials > 0)) return new Interval(0, 1);
        var x = Math.Clamp(successes, 0, trials);
        var threshold = LogMixtureNumerator(x, trials, prior) - Math.Log(1 / alpha);
        var lower = x <= 0 ? 0 : LowerEnd(x, trials, threshold);
        var upper = x >= trials ? 1 : 1 - LowerEnd(trials - x, trials, threshold);
        return new Interval(lower, upper);
    }

    /// <summary>
    /// For a known proportion p: the counts S of <paramref name="trials"/> with M(p) &lt; 1/α, i.e.
    /// the counts p does not reject. For a quantile q_p, S = #{observations ≤ q_p} is binomial
    /// (n, p), so with probability ≥ 1 − α the count of observations at or below the true quantile
    /// stays inside these limits at every n; the order statistics at these ranks bound the quantile
    /// (Howard &amp; Ramdas, "Sequential estimation of quantiles with applications to A/B-testing and
    /// best-arm identification", Bernoulli 28, 2022). log M is convex in S with M ≤ 1 at
    /// S = p·n, so the limits are an interval around p·n, rounded outwards.
    /// </summary>
    public static Interval AcceptedCounts(double trials, double p, double alpha, BetaPrior prior)
    {
        if (!(trials > 0)) return new Interval(0, 0);
        var slack = new CountSlack(trials, p, Math.Log(1 / alpha), prior);
        var middle = p * trials;
        // Ends of [0, n] are inside when the evidence is too thin to reject them (small n).
        var lower = slack.At(0) > 0 ? 0 : RootFinder.NewtonFromOutside(ref slack, 0, middle, Tolerance);
        var upper = slack.At(trials) > 0 ? trials : RootFinder.NewtonFromOutside(ref slack, trials, middle, Tolerance);
        return new Interval(lower, upper);
    }

    /// <summary>ln[B(a + x, b + n − x) / B(a, b)]: the log marginal likelihood of the data under the mixture.</summary>
    internal static double LogMixtureNumerator(double x, double n, BetaPrior prior) =>
        SpecialFunctions.LogBeta(prior.A + x, prior.B + n - x) - SpecialFunctions.LogBeta(prior.A, prior.B);

    /// <summary>
    /// The lower end of {p : x ln p + (n − x) ln(1 − p) &gt; threshold} for 0 &lt; x ≤ n, solved in
    /// u = ln p (the log-likelihood is smooth there even for error rates of 10⁻⁶).
    /// </summary>
    private static double LowerEnd(double x, double n, double threshold)
    {
        var top = Math.Log(x / n);
        // x·u − threshold bounds the log-likelihood minus the threshold from above, so it is negative at u = threshold/x − 1.
        var bottom = Math.Min(top, threshold / x) - 1;
        if (bottom < -745) return 0; // below the smallest double: no lower bound worth telling apart from 0
        var f = new LogLikelihoodExcess(x, n, threshold);
        return Math.Exp(RootFinder.NewtonFromOutside(ref f, bottom, top, Tolerance));
    }

    /// <summary>x·u + (n − x)·ln(1 − eᵘ) − threshold: positive inside the confidence set, concave in u.</summary>
    private readonly struct LogLikelihoodExcess(double x, double n, double threshold) : ISlopedFunction
    {
        public double At(double u) => At(u, out _);

        public double At(double u, out double slope)
        {
            if (n - x <= 0)
            {
                slope = x;
                return x * u - threshold;
            }
            u = Math.Min(u, -1e-300);
            slope = x - (n - x) / SpecialFunctions.ExpMinusOne(-u); // d/du ln(1 − eᵘ) = −1/(e⁻ᵘ − 1)
            return x * u + (n - x) * SpecialFunctions.LogOneMinusExp(u) - threshold;
        }
    }

    /// <summary>ln(1/α) − ln M(S) for a known p: positive while the count S is not rejected; concave in S (ln M is convex).</summary>
    private readonly struct CountSlack : ISlopedFunction
    {
        private readonly double _n, _logP, _logQ, _logInverseAlpha, _logPriorBeta;
        private readonly BetaPrior _prior;

        public CountSlack(double n, double p, double logInverseAlpha, BetaPrior prior)
        {
            _n = n;
            _logP = Math.Log(p);
            _logQ = SpecialFunctions.LogOnePlus(-p);
            _logInverseAlpha = logInverseAlpha;
            _prior = prior;
            _logPriorBeta = SpecialFunctions.LogBeta(prior.A, prior.B);
        }

        public double At(double s) =>
            _logInverseAlpha - (SpecialFunctions.LogBeta(_prior.A + s, _prior.B + _n - s) - _logPriorBeta - s * _logP - (_n - s) * _logQ);

        public double At(double s, out double slope)
        {
            slope = -(SpecialFunctions.Digamma(_prior.A + s) - SpecialFunctions.Digamma(_prior.B + _n - s) - _logP + _logQ);
            return At(s);
        }
    }
}
