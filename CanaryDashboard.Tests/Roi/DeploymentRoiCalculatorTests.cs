using CanaryDashboard.Roi;

namespace CanaryDashboard.Tests.Roi;

/// <summary>
/// The seed's <c>DeploymentROIAnalyzer().run_simulation()</c>, figures computed by hand from its code:
///   static rollback impact = 120 × 0.23 × (2100 + 8.4 / 60 × 85) = 27.6 × (2100 + 11.9) = 27.6 × 2111.9 = 58,288.44
///   overprovisioning       = 45,000 × 0.18 = 8,100.00
///   baseline monthly cost  = 58,288.44 + 8,100.00 = 66,388.44
///   dynamic strategy cost  = 120 × 0.025 × (2100 + 1.2 / 60 × 85) = 3 × (2100 + 1.7) = 3 × 2101.7 = 6,305.10
///   right-sizing savings   = 45,000 × 0.12 = 5,400.00
///   net monthly savings    = 66,388.44 − 6,305.10 + 5,400.00 = 65,483.34
///   rollback reduction     = (58,288.44 − 6,305.10) / 58,288.44 × 100 = 51,983.34 / 58,288.44 × 100 = 89.1829… → "89.2%"
///   false positives        = int(120 × 0.31 = 37.2) − int(120 × 0.04 = 4.8) = 37 − 4 = 33
/// </summary>
public sealed class DeploymentRoiCalculatorTests
{
    private const double Cent = 0.005;

    private static readonly RoiResult Seed = DeploymentRoiCalculator.Calculate(RoiInputs.SeedDefaults);

    [Fact]
    public void The_seed_defaults_are_the_seeds_constructor_and_constants()
    {
        var i = RoiInputs.SeedDefaults;
        Assert.Equal((2_400_000d, 2_100d, 85d, 45_000d, 120), (i.MonthlyRevenue, i.AvgIncidentCost, i.OncallHourlyRate, i.CloudMonthlySpend, i.DeploymentFrequency));
        Assert.Equal(new StrategyAssumptions(0.23, 8.4, 0.31), i.Static);
        Assert.Equal(new StrategyAssumptions(0.025, 1.2, 0.04), i.Dynamic);
        Assert.Equal((0.18, 0.12), (i.OverprovisioningShare, i.RightSizingShare));
    }

    [Fact]
    public void Seed_defaults_give_the_printed_figures_to_the_cent()
    {
        Assert.Equal(66_388.44, Seed.Static.TotalBaselineCost, Cent);
        Assert.Equal(6_305.10, Seed.Dynamic.TotalDynamicCost, Cent);
        Assert.Equal(5_400.00, Seed.Dynamic.RightSizingSavings, Cent);
        Assert.Equal(65_483.34, Seed.NetMonthlySavings, Cent);
        Assert.Equal(89.1829, Seed.RollbackReductionPercent!.Value, 0.0001);
        Assert.Equal(33, Seed.FalsePositivesEliminated);
    }

    [Fact]
    public void Seed_defaults_print_as_run_simulation_prints_them()
    {
        Assert.Equal("$66,388.44", RoiFormat.Money(Seed.Static.TotalBaselineCost));
        Assert.Equal("$6,305.10", RoiFormat.Money(Seed.Dynamic.TotalDynamicCost));
        Assert.Equal("$5,400.00", RoiFormat.Money(Seed.Dynamic.RightSizingSavings));
        Assert.Equal("$65,483.34", RoiFormat.Money(Seed.NetMonthlySavings));
        Assert.Equal("89.2%", RoiFormat.Percent(Seed.RollbackReductionPercent!.Value));
        Assert.Equal("33", RoiFormat.Count(Seed.FalsePositivesEliminated));
    }

    [Fact]
    public void Seed_intermediate_values_match_the_hand_computation()
    {
        Assert.Equal(27.6, Seed.Static.Rollback.RollbacksPerMonth, 1e-9);
        Assert.Equal(11.9, Seed.Static.Rollback.OncallCostPerRollback, 1e-9);
        Assert.Equal(2_111.9, Seed.Static.Rollback.CostPerRollback, 1e-9);
        Assert.Equal(58_288.44, Seed.Static.Rollback.RollbackImpact, Cent);
        Assert.Equal(8_100.00, Seed.Static.OverprovisioningWaste, Cent);
        Assert.Equal(3.0, Seed.Dynamic.Rollback.RollbacksPerMonth, 1e-9);
        Assert.Equal(1.7, Seed.Dynamic.Rollback.OncallCostPerRollback, 1e-9);
        Assert.Equal(2_101.7, Seed.Dynamic.Rollback.CostPerRollback, 1e-9);
        Assert.Equal(6_305.10, Seed.Dynamic.Rollback.RollbackImpact, Cent);
        Assert.Equal((37, 4), (Seed.Static.Rollback.FalsePositiveRollbacks, Seed.Dynamic.Rollback.FalsePositiveRollbacks));
    }

    [Fact]
    public void Another_frequency_scales_the_rollback_terms_only()
    {
        // 200 deployments: 200 × 0.23 × 2111.9 = 46 × 2111.9 = 97,147.40; + 8,100 = 105,247.40
        //                  200 × 0.025 × 2101.7 = 5 × 2101.7 = 10,508.50
        //                  105,247.40 − 10,508.50 + 5,400 = 100,138.90; int(62.0) − int(8.0) = 54
        var r = DeploymentRoiCalculator.Calculate(RoiInputs.SeedDefaults with { DeploymentFrequency = 200 });

        Assert.Equal("$105,247.40", RoiFormat.Money(r.Static.TotalBaselineCost));
        Assert.Equal("$10,508.50", RoiFormat.Money(r.Dynamic.TotalDynamicCost));
        Assert.Equal("$100,138.90", RoiFormat.Money(r.NetMonthlySavings));
        Assert.Equal("89.2%", RoiFormat.Percent(r.RollbackReductionPercent!.Value));
        Assert.Equal(54, r.FalsePositivesEliminated);
    }

    [Fact]
    public void False_positive_counts_truncate_like_pythons_int()
    {
        // 100 × 0.29 is 28.999999999999996 in binary floating point: Python's int() gives 28, so must we.
        // 100 × 0.07 is 7.000000000000001: 7.
        var r = DeploymentRoiCalculator.Calculate(RoiInputs.SeedDefaults with
        {
            DeploymentFrequency = 100,
            Static = StrategyAssumptions.SeedStatic with { FalsePositiveRate = 0.29 },
            Dynamic = StrategyAssumptions.SeedDynamic with { FalsePositiveRate = 0.07 },
        });

        Assert.Equal(28, r.Static.Rollback.FalsePositiveRollbacks);
        Assert.Equal(7, r.Dynamic.Rollback.FalsePositiveRollbacks);
        Assert.Equal(21, r.FalsePositivesEliminated);
    }

    [Fact]
    public void Monthly_revenue_changes_no_figure()
    {
        var r = DeploymentRoiCalculator.Calculate(RoiInputs.SeedDefaults with { MonthlyRevenue = 1 });

        Assert.Equal(Seed.NetMonthlySavings, r.NetMonthlySavings);
        Assert.Equal(Seed.Static.TotalBaselineCost, r.Static.TotalBaselineCost);
        Assert.Equal(Seed.Dynamic.TotalDynamicCost, r.Dynamic.TotalDynamicCost);
    }

    [Fact]
    public void Without_a_baseline_rollback_cost_the_reduction_is_undefined()
    {
        // The seed would raise ZeroDivisionError; the result says "undefined" rather than a number.
        var r = DeploymentRoiCalculator.Calculate(RoiInputs.SeedDefaults with { Static = StrategyAssumptions.SeedStatic with { RollbackRate = 0 } });

        Assert.Null(r.RollbackReductionPercent);
        // 0 + 8,100 − 6,305.10 + 5,400 = 7,194.90
        Assert.Equal(7_194.90, r.NetMonthlySavings, Cent);
    }
}
