using CanaryDashboard.Roi;

namespace CanaryDashboard.Tests.Roi;

/// <summary>The measured mode: rates from constructed run statistics, and the calculation with them.</summary>
public sealed class MeasuredAssumptionsTests
{
    [Fact]
    public void Rates_come_from_the_counts_and_the_time_from_the_mean_breach_to_abort()
    {
        // 40 runs, 2 aborted (1 a false alarm), mean 90 s from breach to abort (median 80 s is shown, not used).
        var m = MeasuredAssumptions.From(new RolloutRunStatistics(40, 2, 1, TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(90)));

        Assert.Null(m.Unavailable);
        Assert.Equal(new StrategyAssumptions(0.05, 1.5, 0.025), m.Assumptions);
    }

    [Fact]
    public void The_measured_rates_replace_the_dynamic_assumptions_in_the_seeds_arithmetic()
    {
        // dynamic = 120 × 0.05 × (2100 + 1.5 / 60 × 85) = 6 × 2102.125 = 12,612.75
        // net = 66,388.44 − 12,612.75 + 5,400 = 59,175.69
        // reduction = (58,288.44 − 12,612.75) / 58,288.44 × 100 = 78.36… → 78.4%
        // false positives = 37 − int(120 × 0.025 = 3.0) = 34
        var m = MeasuredAssumptions.From(new RolloutRunStatistics(40, 2, 1, TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(90)));
        var r = DeploymentRoiCalculator.Calculate(RoiInputs.SeedDefaults with { Dynamic = m.Assumptions! });

        Assert.Equal("$12,612.75", RoiFormat.Money(r.Dynamic.TotalDynamicCost));
        Assert.Equal("$59,175.69", RoiFormat.Money(r.NetMonthlySavings));
        Assert.Equal("78.4%", RoiFormat.Percent(r.RollbackReductionPercent!.Value));
        Assert.Equal(34, r.FalsePositivesEliminated);
    }

    [Fact]
    public void No_runs_means_nothing_is_measured()
    {
        var m = MeasuredAssumptions.From(RolloutRunStatistics.None);

        Assert.Null(m.Assumptions);
        Assert.Equal("no recorded runs yet", m.Unavailable);
    }

    [Fact]
    public void Runs_without_aborts_measure_zero_rollbacks_and_need_no_time()
    {
        var m = MeasuredAssumptions.From(new RolloutRunStatistics(12, 0, 0, null, null));

        Assert.Equal(new StrategyAssumptions(0, 0, 0), m.Assumptions);
        var r = DeploymentRoiCalculator.Calculate(RoiInputs.SeedDefaults with { Dynamic = m.Assumptions! });
        Assert.Equal(0, r.Dynamic.TotalDynamicCost);
        Assert.Equal(100, r.RollbackReductionPercent);
    }

    [Fact]
    public void Aborts_without_breach_times_are_not_given_an_invented_time()
    {
        var m = MeasuredAssumptions.From(new RolloutRunStatistics(10, 3, 0, null, null));

        Assert.Null(m.Assumptions);
        Assert.Equal("3 aborted runs but none has a recorded breach time", m.Unavailable);
    }

    [Theory]
    [InlineData(5, 6, 0)]
    [InlineData(5, 2, 3)]
    [InlineData(5, -1, 0)]
    public void Inconsistent_counts_are_refused(int runs, int aborted, int falseAlarms)
    {
        var m = MeasuredAssumptions.From(new RolloutRunStatistics(runs, aborted, falseAlarms, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)));

        Assert.Null(m.Assumptions);
        Assert.StartsWith("inconsistent statistics", m.Unavailable);
    }
}
