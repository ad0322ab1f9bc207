namespace CanaryDashboard.Engine.Evidence;

/// <summary>A function of one variable whose root is sought (a struct, so the solver is inlined and allocation-free).</summary>
internal interface IRootFunction
{
    double At(double x);
}

/// <summary>A function with its derivative, for Newton's method.</summary>
internal interface ISlopedFunction : IRootFunction
{
    double At(double x, out double slope);
}

/// <summary>
/// Finds where a continuous function changes sign inside a bracket, by the Illinois variant of
/// regula falsi (Dowell &amp; Jarratt, BIT 11, 1971) with a bisection step whenever the bracket
/// fails to halve: superlinear on the smooth, monotone functions the evidence solves, and never
/// slower than bisection.
/// </summary>
internal static class RootFinder
{
    /// <summary>
    /// Returns the end of the final bracket on the side where <paramref name="f"/> is negative,
    /// so a caller who puts "outside the confidence set" on the negative side always gets a bound
    /// that is at least as wide as the exact one. <paramref name="f"/> must be negative at one end
    /// of [<paramref name="a"/>, <paramref name="b"/>] and non-negative at the other.
    /// </summary>
    public static double OutsideEnd<TF>(ref TF f, double a, double b, double relativeTolerance = 1e-13)
        where TF : struct, IRootFunction
    {
        var fa = f.At(a);
        var fb = f.At(b);
        if (fa < 0 == fb < 0)
            return fa < 0 ? a : b; // no sign change: the caller checked the ends; be conservative
        var side = 0;
        var widthThreeStepsAgo = Math.Abs(b - a);
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var width = Math.Abs(b - a);
            if (width <= relativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b)) || width == 0) break;
            double c;
            if (iteration % 4 == 3 && width > 0.5 * widthThreeStepsAgo)
            {
                c = 0.5 * (a + b); // regula falsi stalled on one side: bisect
                side = 0;
            }
            else
            {
                c = (a * fb - b * fa) / (fb - fa);
                if (!(c > Math.Min(a, b) && c < Math.Max(a, b))) c = 0.5 * (a + b);
            }
            if (iteration % 4 == 3) widthThreeStepsAgo = width;
            var fc = f.At(c);
            if (fc < 0 == fb < 0)
            {
                b = c;
                fb = fc;
                if (side == -1) fa *= 0.5; // Illinois: the end kept twice in a row counts half
                side = -1;
            }
            else
            {
                a = c;
                fa = fc;
                if (side == 1) fb *= 0.5;
                side = 1;
            }
        }
        return fa < 0 ? a : b;
    }

    /// <summary>
    /// Newton's method started at the outside end, for a function that is concave between
    /// <paramref name="outside"/> (where it is negative) and <paramref name="inside"/> (where it is
    /// not). On a concave function every tangent lies above the curve, so each step stops short of
    /// the root: the iterates approach it monotonically from the outside (the conservative side)
    /// and converge quadratically near it. Should rounding ever break that, the bracket so far is
    /// handed to <see cref="OutsideEnd{TF}"/>.
    /// </summary>
    public static double NewtonFromOutside<TF>(ref TF f, double outside, double inside, double relativeTolerance)
        where TF : struct, ISlopedFunction
    {
        var x = outside;
        var fx = f.At(x, out var slope);
        if (!(fx < 0)) return x;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var next = x - fx / slope;
            var towardsInside = inside > x ? next > x && next <= inside : next < x && next >= inside;
            if (!towardsInside || !double.IsFinite(next))
                return OutsideEnd(ref f, x, inside, relativeTolerance);
            var fNext = f.At(next, out var slopeNext);
            if (!(fNext < 0))
                return OutsideEnd(ref f, x, next, relativeTolerance);
            if (Math.Abs(next - x) <= relativeTolerance * Math.Max(Math.Abs(next), 1e-300))
                return next;
            (x, fx, slope) = (next, fNext, slopeNext);
        }
        return x;
    }
}
