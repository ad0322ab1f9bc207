namespace CanaryDashboard.Roi;

/// <summary>One line of the calculation as the page shows it: what, the expression with the actual numbers, the result.</summary>
public sealed record RoiStep(string Label, string Expression, string Result);

/// <summary>The seed's arithmetic written out with the actual numbers of a result, step by step.</summary>
public static class RoiArithmetic
{
    public static IReadOnlyList<RoiStep> Steps(RoiResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var i = result.Inputs;
        var s = result.Static;
        var d = result.Dynamic;
        var freq = RoiFormat.Count(i.DeploymentFrequency);
        var hourly = RoiFormat.Money(i.OncallHourlyRate) + "/h";

        List<RoiStep> steps =
        [
            new("Static rollbacks per month", $"{freq} × {RoiFormat.Number(i.Static.RollbackRate)}", RoiFormat.Number(s.Rollback.RollbacksPerMonth)),
            new("Static cost per rollback", $"{RoiFormat.Money(i.AvgIncidentCost)} + {RoiFormat.Number(i.Static.AvgRollbackTimeMinutes)} min ÷ 60 × {hourly}", RoiFormat.Money(s.Rollback.CostPerRollback)),
            new("Static rollback impact", $"{RoiFormat.Number(s.Rollback.RollbacksPerMonth)} × {RoiFormat.Money(s.Rollback.CostPerRollback)}", RoiFormat.Money(s.Rollback.RollbackImpact)),
            new("Overprovisioning waste", $"{RoiFormat.Money(i.CloudMonthlySpend)} × {RoiFormat.Number(i.OverprovisioningShare)}", RoiFormat.Money(s.OverprovisioningWaste)),
            new("Baseline monthly cost", $"{RoiFormat.Money(s.Rollback.RollbackImpact)} + {RoiFormat.Money(s.OverprovisioningWaste)}", RoiFormat.Money(s.TotalBaselineCost)),
            new("Dynamic rollbacks per month", $"{freq} × {RoiFormat.Number(i.Dynamic.RollbackRate)}", RoiFormat.Number(d.Rollback.RollbacksPerMonth)),
            new("Dynamic cost per rollback", $"{RoiFormat.Money(i.AvgIncidentCost)} + {RoiFormat.Number(i.Dynamic.AvgRollbackTimeMinutes)} min ÷ 60 × {hourly}", RoiFormat.Money(d.Rollback.CostPerRollback)),
            new("Dynamic strategy cost (rollback impact)", $"{RoiFormat.Number(d.Rollback.RollbacksPerMonth)} × {RoiFormat.Money(d.Rollback.CostPerRollback)}", RoiFormat.Money(d.TotalDynamicCost)),
            new("Right-sizing savings", $"{RoiFormat.Money(i.CloudMonthlySpend)} × {RoiFormat.Number(i.RightSizingShare)}", RoiFormat.Money(d.RightSizingSavings)),
            new("Net monthly savings", $"{RoiFormat.Money(s.TotalBaselineCost)} − {RoiFormat.Money(d.TotalDynamicCost)} + {RoiFormat.Money(d.RightSizingSavings)}", RoiFormat.Money(result.NetMonthlySavings)),
            new("Rollback reduction", $"({RoiFormat.Money(s.Rollback.RollbackImpact)} − {RoiFormat.Money(d.Rollback.RollbackImpact)}) ÷ {RoiFormat.Money(s.Rollback.RollbackImpact)} × 100",
                result.RollbackReductionPercent is { } r ? RoiFormat.Percent(r) : "undefined (no baseline rollback cost to divide by)"),
            new("Static false-positive rollbacks", $"int({freq} × {RoiFormat.Number(i.Static.FalsePositiveRate)} = {RoiFormat.Number(s.Rollback.FalsePositiveDeployments)})", RoiFormat.Count(s.Rollback.FalsePositiveRollbacks)),
            new("Dynamic false-positive rollbacks", $"int({freq} × {RoiFormat.Number(i.Dynamic.FalsePositiveRate)} = {RoiFormat.Number(d.Rollback.FalsePositiveDeployments)})", RoiFormat.Count(d.Rollback.FalsePositiveRollbacks)),
            new("False positives eliminated", $"{RoiFormat.Count(s.Rollback.FalsePositiveRollbacks)} − {RoiFormat.Count(d.Rollback.FalsePositiveRollbacks)}", RoiFormat.Count(result.FalsePositivesEliminated)),
        ];
        return steps;
    }
}
