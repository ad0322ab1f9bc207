using CanaryDashboard.Components.Controls.Chart;
using CanaryDashboard.Roi;

namespace CanaryDashboard.Tests.Roi;

/// <summary>The arithmetic written out on the page, and the chart of the cost components.</summary>
public sealed class RoiArithmeticTests
{
    private static readonly RoiResult Seed = DeploymentRoiCalculator.Calculate(RoiInputs.SeedDefaults);

    [Fact]
    public void Steps_show_the_seeds_expressions_with_the_actual_numbers()
    {
        var steps = RoiArithmetic.Steps(Seed).ToDictionary(s => s.Label);

        Assert.Equal(new RoiStep("Static rollbacks per month", "120 × 0.23", "27.6"), steps["Static rollbacks per month"]);
        Assert.Equal(new RoiStep("Static cost per rollback", "$2,100.00 + 8.4 min ÷ 60 × $85.00/h", "$2,111.90"), steps["Static cost per rollback"]);
        Assert.Equal("27.6 × $2,111.90", steps["Static rollback impact"].Expression);
        Assert.Equal("$58,288.44", steps["Static rollback impact"].Result);
        Assert.Equal(("$45,000.00 × 0.18", "$8,100.00"), (steps["Overprovisioning waste"].Expression, steps["Overprovisioning waste"].Result));
        Assert.Equal(("3 × $2,101.70", "$6,305.10"), (steps["Dynamic strategy cost (rollback impact)"].Expression, steps["Dynamic strategy cost (rollback impact)"].Result));
        Assert.Equal(("$66,388.44 − $6,305.10 + $5,400.00", "$65,483.34"), (steps["Net monthly savings"].Expression, steps["Net monthly savings"].Result));
        Assert.Equal("89.2%", steps["Rollback reduction"].Result);
        Assert.Equal(("int(120 × 0.04 = 4.8)", "4"), (steps["Dynamic false-positive rollbacks"].Expression, steps["Dynamic false-positive rollbacks"].Result));
        Assert.Equal(("37 − 4", "33"), (steps["False positives eliminated"].Expression, steps["False positives eliminated"].Result));
    }

    [Fact]
    public void The_chart_puts_static_and_dynamic_components_side_by_side()
    {
        var chart = RoiChart.Build(Seed);

        Assert.Equal(["Static canary", "Dynamic canary"], chart.Series.Select(s => s.Name));
        Assert.All(chart.Series, s => Assert.Equal(ChartSeriesStyle.Bar, s.Style));
        Assert.Equal([Seed.Static.Rollback.RollbackImpact, Seed.Static.OverprovisioningWaste, null, Seed.Static.TotalBaselineCost], chart.Series[0].Y);
        // The dynamic strategy has no overprovisioning term: no bar rather than a 0 the seed never computes.
        Assert.Equal([Seed.Dynamic.Rollback.RollbackImpact, null, Seed.Dynamic.RightSizingSavings, Seed.Dynamic.TotalDynamicCost], chart.Series[1].Y);
        Assert.Equal(["$58,288", "$8,100", "", "$66,388"], chart.Series[0].Labels!);
    }

    [Fact]
    public void A_measured_result_adds_a_third_series()
    {
        var measured = DeploymentRoiCalculator.Calculate(RoiInputs.SeedDefaults with { Dynamic = new StrategyAssumptions(0.05, 1.5, 0.025) });
        var chart = RoiChart.Build(Seed, measured);

        Assert.Equal(["Static canary", "Dynamic canary (assumed)", "Dynamic canary (measured)"], chart.Series.Select(s => s.Name));
        Assert.Equal(12_612.75, chart.Series[2].Y[3]!.Value, 0.005);
    }
}
