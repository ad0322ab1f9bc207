namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// A closed interval [<see cref="Lower"/>, <see cref="Upper"/>]. Either end may be infinite: an
/// upper bound of +∞ means "no upper bound from this evidence" (e.g. a p99 in the +Inf bucket).
/// </summary>
public readonly record struct Interval(double Lower, double Upper)
{
    public bool Contains(double value) => value >= Lower && value <= Upper;

    public double Width => Upper - Lower;

    public override string ToString() => $"[{Lower}, {Upper}]";
}
