using CanaryDashboard.Engine;

namespace CanaryDashboard.Tests.Backtest;

/// <summary>The backtest's allocation-free <see cref="WeightEngine.Assess"/> says exactly what <see cref="WeightEngine.Evaluate"/> says.</summary>
public sealed class EngineAssessTests
{
    private static readonly double?[] P99s = [null, double.NaN, double.PositiveInfinity, -0.1, 0, 0.1, 0.12, 0.5, 1e308];
    private static readonly double?[] ErrorRates = [null, double.NaN, -0.01, 0, 0.01, 0.05, 1, 1.5];
    private static readonly double?[] Requests = [null, double.NaN, -5, 0, 49, 50, 1000];

    [Fact]
    public void Verdict_and_safe_weight_match_Evaluate_over_the_edge_cases()
    {
        var parameters = EngineParameters.Default;
        var compared = 0;
        foreach (var cp in P99s)
        foreach (var sp in P99s)
        foreach (var ce in ErrorRates)
        foreach (var se in new double?[] { null, 0, 0.01, 2 })
        foreach (var cr in Requests)
        foreach (var sr in new double?[] { null, 49, 50 })
        {
            var expected = WeightEngine.Evaluate(new EngineInputs(cp, sp, ce, se, cr, sr), parameters);
            var actual = WeightEngine.Assess(cp ?? double.NaN, sp ?? double.NaN, ce ?? double.NaN, se ?? double.NaN,
                cr ?? double.NaN, sr ?? double.NaN, parameters);
            Assert.True(expected.Verdict == actual.Verdict && expected.SafeWeight == actual.SafeWeight,
                $"inputs {cp} {sp} {ce} {se} {cr} {sr}: Evaluate {expected.Verdict} {expected.SafeWeight}, Assess {actual.Verdict} {actual.SafeWeight}");
            compared++;
        }
        Assert.Equal(9 * 9 * 8 * 4 * 7 * 3, compared);
    }

    [Fact]
    public void A_proceeding_sample_gives_the_engines_weight()
    {
        // +10 % latency: 5 + e^−1 × 95 = 39.9.
        var a = WeightEngine.Assess(0.132, 0.120, 0.002, 0.002, 1000, 1000, EngineParameters.Default);

        Assert.Equal(new EngineAssessment(Verdict.Proceed, 39.9), a);
    }
}
