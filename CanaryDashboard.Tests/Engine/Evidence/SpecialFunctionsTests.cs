using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Engine.Evidence;

/// <summary>The special functions against reference values (CPython's math.lgamma/erfc, statistics.NormalDist, A&amp;S tables).</summary>
public class SpecialFunctionsTests
{
    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(0.5, 0.5723649429247004)]          // ln √π
    [InlineData(10.0, 12.801827480081467)]         // ln 9! = ln 362880
    [InlineData(3.3, 0.9870985778947339)]
    [InlineData(100.5, 361.4355404677776)]
    [InlineData(1e-3, 6.907178885383854)]
    public void LogGamma_matches_reference_values(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.LogGamma(x), 12);

    [Fact]
    public void LogGamma_is_accurate_for_a_million() =>
        // Relative 1e-15 of 1.28e7: what the rank sequences at 10⁶ requests rely on.
        Assert.Equal(12815504.569147611, SpecialFunctions.LogGamma(1e6), 7);

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void LogGamma_is_NaN_outside_its_domain(double x) => Assert.True(double.IsNaN(SpecialFunctions.LogGamma(x)));

    [Theory]
    [InlineData(1.0, -0.5772156649015329)]   // −γ
    [InlineData(0.5, -1.9635100260214235)]   // −γ − 2 ln 2
    [InlineData(10.0, 2.251752589066721)]    // H₉ − γ
    [InlineData(100.0, 4.600161852738087)]
    public void Digamma_matches_reference_values(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.Digamma(x), 12);

    [Fact]
    public void LogBeta_is_the_log_of_the_beta_function() =>
        // B(1, m) = 1/m, so ln B(1, 20) = −ln 20 = −2.995732273553991
        Assert.Equal(-2.995732273553991, SpecialFunctions.LogBeta(1, 20), 13);

    [Theory]
    [InlineData(0.975, 1.9599639845400536)]
    [InlineData(0.8, 0.8416212335729144)]
    [InlineData(0.99, 2.3263478740408408)]
    [InlineData(0.9875, 2.2414027276049464)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.3, -0.5244005127080407)]
    [InlineData(1e-10, -6.361340902404056)]
    public void NormalQuantile_matches_reference_values(double p, double expected) =>
        Assert.Equal(expected, SpecialFunctions.NormalQuantile(p), 12);

    [Fact]
    public void NormalQuantile_is_infinite_at_the_ends_and_NaN_outside()
    {
        Assert.Equal(double.NegativeInfinity, SpecialFunctions.NormalQuantile(0));
        Assert.Equal(double.PositiveInfinity, SpecialFunctions.NormalQuantile(1));
        Assert.True(double.IsNaN(SpecialFunctions.NormalQuantile(1.5)));
    }

    [Fact]
    public void The_log_and_exp_helpers_keep_precision_for_tiny_arguments()
    {
        // Relative precision: the naive ln(1 + 1e-12) is wrong in the 5th digit.
        Assert.Equal(9.999999999995e-13, SpecialFunctions.LogOnePlus(1e-12), 1e-26);
        Assert.Equal(1.0000000000005e-12, SpecialFunctions.ExpMinusOne(1e-12), 1e-26);
        // ln(1 − e⁻¹⁰⁻¹⁰) = ln(1e-10 − …) = −23.025850929990458; ln(1 − e⁻⁵⁰) = −1.9287498479639178e-22
        Assert.Equal(-23.025850929990458, SpecialFunctions.LogOneMinusExp(-1e-10), 9);
        Assert.Equal(-1.9287498479639178e-22, SpecialFunctions.LogOneMinusExp(-50), 1e-35);
    }
}
