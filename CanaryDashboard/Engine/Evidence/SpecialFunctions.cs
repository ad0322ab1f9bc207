namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// The few special functions the evidence needs, written out so the engine has no dependency:
/// log Γ, log B, log(1 + x), eˣ − 1 and the standard normal quantile.
/// </summary>
internal static class SpecialFunctions
{
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;

    /// <summary>
    /// ln Γ(x) for x &gt; 0: the recurrence Γ(x) = Γ(x + 1)/x up to x ≥ 10, then Stirling's series
    /// to the x⁻⁹ term (Abramowitz &amp; Stegun 6.1.40); the first omitted term is below 2·10⁻¹⁴ at x = 10.
    /// </summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return double.PositiveInfinity;
        var product = 1.0;
        while (x < 10)
        {
            product *= x;
            x += 1;
        }
        var inverse = 1 / x;
        var inverse2 = inverse * inverse;
        var series = inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 * (1.0 / 1260 - inverse2 * (1.0 / 1680 - inverse2 / 1188))));
        return (x - 0.5) * Math.Log(x) - x + HalfLogTwoPi + series - Math.Log(product);
    }

    /// <summary>
    /// ψ(x) = d ln Γ(x)/dx for x &gt; 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the
    /// asymptotic series (Abramowitz &amp; Stegun 6.3.18) to the x⁻¹⁰ term.
    /// </summary>
    public static double Digamma(double x)
    {
        if (!(x > 0)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return double.PositiveInfinity;
        var shift = 0.0;
        while (x < 10)
        {
            shift -= 1 / x;
            x += 1;
        }
        var inverse2 = 1 / (x * x);
        var series = inverse2 * (1.0 / 12 - inverse2 * (1.0 / 120 - inverse2 * (1.0 / 252 - inverse2 * (1.0 / 240 - inverse2 / 132))));
        return Math.Log(x) - 0.5 / x - series + shift;
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b &gt; 0.</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>ln(1 + x), accurate for tiny x (Goldberg, "What every computer scientist should know about floating-point arithmetic", 1991, Thm 4).</summary>
    public static double LogOnePlus(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>eˣ − 1, accurate for tiny x (Kahan's trick, as in Higham, "Accuracy and Stability of Numerical Algorithms", §1.14.1).</summary>
    public static double ExpMinusOne(double x)
    {
        var u = Math.Exp(x);
        if (u == 1) return x;
        var um1 = u - 1;
        if (um1 == -1) return -1;
        return um1 * x / Math.Log(u);
    }

    /// <summary>ln(1 − eᵘ) for u &lt; 0 (Mächler, "Accurately computing log(1 − exp(−|a|))", 2012).</summary>
    public static double LogOneMinusExp(double u) =>
        u > -0.6931471805599453 ? Math.Log(-ExpMinusOne(u)) : LogOnePlus(-Math.Exp(u));

    /// <summary>
    /// Φ⁻¹(p), the standard normal quantile, by Wichura's algorithm AS 241 (PPND16, Applied
    /// Statistics 37, 1988): about 16 significant digits for p in (0, 1).
    /// </summary>
    public static double NormalQuantile(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1) return double.NaN;
        if (p == 0) return double.NegativeInfinity;
        if (p == 1) return double.PositiveInfinity;
        var q = p - 0.5;
        if (Math.Abs(q) <= 0.425)
        {
            var r = 0.180625 - q * q;
            return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                            + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                            + 133.14166789178437745) * r + 3.387132872796366608)
                   / (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                            + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                            + 42.313330701600911252) * r + 1.0);
        }
        var tail = q < 0 ? p : 1 - p;
        var s = Math.Sqrt(-Math.Log(tail));
        double value;
        if (s <= 5)
        {
            s -= 1.6;
            value = (((((((7.7454501427834140764e-4 * s + 0.0227238449892691845833) * s + 0.24178072517745061177) * s
                        + 1.27045825245236838258) * s + 3.64784832476320460504) * s + 5.7694972214606914055) * s
                        + 4.6303378461565452959) * s + 1.42343711074968357734)
                    / (((((((1.05075007164441684324e-9 * s + 5.475938084995344946e-4) * s + 0.0151986665636164571966) * s
                        + 0.14810397642748007459) * s + 0.68976733498510000455) * s + 1.6763848301838038494) * s
                        + 2.05319162663775882187) * s + 1.0);
        }
        else
        {
            s -= 5;
            value = (((((((2.01033439929228813265e-7 * s + 2.71155556874348757815e-5) * s + 0.0012426609473880784386) * s
                        + 0.026532189526576123093) * s + 0.29656057182850489123) * s + 1.7848265399172913358) * s
                        + 5.4637849111641143699) * s + 6.6579046435011037772)
                    / (((((((2.04426310338993978564e-15 * s + 1.4215117583164458887e-7) * s + 1.8463183175100546818e-5) * s
                        + 7.868691311456132591e-4) * s + 0.0148753612908506148525) * s + 0.13692988092273580531) * s
                        + 0.59983220655588793769) * s + 1.0);
        }
        return q < 0 ? -value : value;
    }
}
