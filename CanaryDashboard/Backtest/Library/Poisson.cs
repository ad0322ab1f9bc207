using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Backtest.Library;

/// <summary>Exact Poisson variates for the simulations (the scenario library and the evidence tests).</summary>
public static class Poisson
{
    /// <summary>
    /// Knuth's multiplication method below a mean of 10; above, Hörmann's transformed rejection
    /// with squeeze, PTRS ("The transformed rejection method for generating Poisson random
    /// variables", Insurance: Mathematics and Economics 12, 1993), as numpy implements it.
    /// </summary>
    public static double Sample(Random random, double mean)
    {
        if (mean <= 0) return 0;
        if (mean < 10)
        {
            var limit = Math.Exp(-mean);
            var product = random.NextDouble();
            var k = 0;
            while (product > limit)
            {
                k++;
                product *= random.NextDouble();
            }
            return k;
        }
        var slam = Math.Sqrt(mean);
        var logMean = Math.Log(mean);
        var b = 0.931 + 2.53 * slam;
        var a = -0.059 + 0.02483 * b;
        var invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        var vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            var u = random.NextDouble() - 0.5;
            var v = random.NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0 || us < 0.013 && v > us) continue;
            if (Math.Log(v) + Math.Log(invAlpha) - Math.Log(a / (us * us) + b) <= -mean + k * logMean - SpecialFunctions.LogGamma(k + 1))
                return k;
        }
    }
}

/// <summary>The standard normal distribution function for the simulations.</summary>
public static class Normal
{
    /// <summary>Φ(x) = erfc(−x/√2)/2, erfc by W. J. Cody's rational approximations (Math. Comp. 23, 1969), ~15 digits.</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        var ax = Math.Abs(x);
        double result;
        if (ax < 0.5)
        {
            var t = x * x;
            var top = (((0.1857777061846031526730 * t + 3.161123743870565596947) * t + 113.8641541510501556495) * t
                       + 377.4852376853020208137) * t + 3209.377589138469472562;
            var bottom = (((t + 23.60129095234412093499) * t + 244.0246379344441733056) * t + 1282.616526077372275645) * t
                         + 2844.236833439170622273;
            return 1 - x * top / bottom;
        }
        if (ax < 4)
        {
            var top = (((((((2.15311535474403846343e-8 * ax + 0.564188496988670089180) * ax + 8.88314979438837594118) * ax
                        + 66.1191906371416294775) * ax + 298.635138197400131132) * ax + 881.952221241769090411) * ax
                        + 1712.04761263407058314) * ax + 2051.07837782607146532) * ax + 1230.33935479799725272;
            var bottom = (((((((ax + 15.7449261107098347253) * ax + 117.693950891312499305) * ax + 537.181101862009857509) * ax
                        + 1621.38957456669018874) * ax + 3290.79923573345962678) * ax + 4362.61909014324715820) * ax
                        + 3439.36767414372163696) * ax + 1230.33935480374942043;
            result = Math.Exp(-ax * ax) * top / bottom;
        }
        else
        {
            var z = 1 / (ax * ax);
            var top = ((((0.0163153871373020978498 * z + 0.305326634961232344035) * z + 0.360344899949804439429) * z
                        + 0.125781726111229246204) * z + 0.0160837851487422766278) * z + 6.58749161529837803157e-4;
            var bottom = ((((z + 2.56852019228982242072) * z + 1.87295284992346725209) * z + 0.527905102951428412248) * z
                          + 0.0605183413124413191178) * z + 0.00233520497626869185443;
            result = Math.Exp(-ax * ax) / ax * (0.564189583547756286948 - z * top / bottom);
        }
        return x < 0 ? 2 - result : result;
    }
}
