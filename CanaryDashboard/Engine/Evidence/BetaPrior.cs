namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// The Beta(<see cref="A"/>, <see cref="B"/>) mixing distribution of a beta-binomial mixture
/// martingale. It decides where the confidence sequence is tightest, never whether it is valid
/// (Ville's inequality holds for any fixed prior).
/// </summary>
public readonly record struct BetaPrior(double A, double B)
{
    /// <summary>Beta with mean <paramref name="mean"/> worth <paramref name="weight"/> pseudo-observations.</summary>
    public static BetaPrior Centered(double mean, double weight) => new(mean * weight, weight - mean * weight);

    public bool IsValid => A > 0 && B > 0 && double.IsFinite(A) && double.IsFinite(B);
}
