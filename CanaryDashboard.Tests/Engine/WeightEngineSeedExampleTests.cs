using CanaryDashboard.Engine;

namespace CanaryDashboard.Tests.Engine;

/// <summary>
/// The worked examples, each computed by hand from DESIGN §3 with the seed's constants
/// (decay 10, slope 20, floors 0.1 / 0.2, weights 5..100):
/// (0.1, 0):    exp(−1) = 0.367879; sf = 0.367879; 5 + 0.367879 × 95 = 39.949 → 39.9
/// (0.1, 0.01): errorPenalty = 0.8; sf = 0.294304; 5 + 27.959 = 32.959 → 33.0
/// (0.2, 0.02): exp(−2) × 0.6 = 0.081201 → floor 0.1; 5 + 9.5 = 14.5
/// (−0.1, 0):   exp(1) = 2.718282; 5 + 258.237 = 263.2 in the seed → clamped to 100.0
/// </summary>
public class WeightEngineSeedExampleTests
{
    [Theory]
    [InlineData(0.0, 0.0, 100.0)]
    [InlineData(0.1, 0.0, 39.9)]
    [InlineData(0.1, 0.01, 33.0)]
    [InlineData(0.2, 0.02, 14.5)]
    [InlineData(-0.1, 0.0, 100.0)]
    public void Seed_examples_give_the_hand_computed_weight(double latencyDelta, double errorDelta, double expected)
    {
        var result = WeightEngine.EvaluateDeltas(latencyDelta, errorDelta, EngineParameters.Default);

        Assert.Equal(Verdict.Proceed, result.Verdict);
        Assert.Equal(expected, result.Weight);
    }

    [Fact]
    public void A_faster_canary_is_clamped_where_the_seed_overshoots()
    {
        var result = WeightEngine.EvaluateDeltas(-0.1, 0, EngineParameters.Default);

        Assert.True(result.Clamped);
        Assert.Equal(2.718282, result.LatencyPenalty!.Value, 6);
    }
}
