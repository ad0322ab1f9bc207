using CanaryDashboard.Engine;

namespace CanaryDashboard.Tests.Engine;

/// <summary>
/// Half away from zero, on values that are exact in binary so the midpoint is really a midpoint
/// (12.25 is 49/4; 0.35 would be 0.34999… and prove nothing). Banker's rounding would give 12.2.
/// </summary>
public class WeightEngineRoundingTests
{
    /// <summary>
    /// decay 0 makes lp = 1; slope 1 makes ep = 1 − ed; weights 4..68 make the span 64 = 2⁶; the
    /// error floor is lowered to 0.1 and the error threshold raised to 1 so neither interferes.
    /// </summary>
    private static readonly EngineParameters Exact = EngineParameters.Default with
    {
        LatencyDecay = 0, ErrorSlope = 1, ErrorFloor = 0.1, MinWeight = 4, MaxWeight = 68, ErrorThreshold = 1,
    };

    [Theory]
    // ed = 223/256 = 0.87109375: ep = 33/256 = 0.12890625; 4 + 33/256 × 64 = 4 + 8.25 = 12.25 exactly → 12.3 (even: 12.2)
    [InlineData(0.87109375, 12.25, 12.3)]
    // ed = 191/256 = 0.74609375: ep = 65/256 = 0.25390625; 4 + 16.25 = 20.25 exactly → 20.3 (even: 20.2)
    [InlineData(0.74609375, 20.25, 20.3)]
    // ed = 0.5: ep = 0.5; 4 + 32 = 36 exactly → 36.0 (no rounding at all)
    [InlineData(0.5, 36.0, 36.0)]
    public void A_weight_exactly_on_a_midpoint_rounds_away_from_zero(double errorDelta, double unrounded, double weight)
    {
        var result = WeightEngine.EvaluateDeltas(0, errorDelta, Exact);

        Assert.Equal(unrounded, Exact.MinWeight + result.SafetyFactor!.Value * (Exact.MaxWeight - Exact.MinWeight));
        Assert.Equal(weight, result.Weight);
        Assert.Equal(Verdict.Proceed, result.Verdict);
    }

    [Theory]
    [InlineData(12.25, 12.3)]
    [InlineData(12.75, 12.8)]
    [InlineData(-12.25, -12.3)]
    [InlineData(0.25, 0.3)]
    [InlineData(12.24, 12.2)]
    public void RoundToTenth_goes_half_away_from_zero(double value, double rounded) =>
        Assert.Equal(rounded, WeightEngine.RoundToTenth(value));
}
