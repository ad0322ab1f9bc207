namespace CanaryDashboard.Roi;

/// <summary>
/// The seed's Python <c>DeploymentROIAnalyzer</c>, ported operation for operation: same double
/// arithmetic in the same order (so the cents match what Python prints) and Python's
/// <c>int()</c> truncation for false-positive counts.
/// </summary>
public static class DeploymentRoiCalculator
{
    public static RoiResult Calculate(RoiInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);

        var staticRollback = Rollback(inputs, inputs.Static);
        var overprovisioning = inputs.CloudMonthlySpend * inputs.OverprovisioningShare;
        var baseline = new StaticCosts(staticRollback, overprovisioning, staticRollback.RollbackImpact + overprovisioning);

        var dynamicRollback = Rollback(inputs, inputs.Dynamic);
        var rightSizing = inputs.CloudMonthlySpend * inputs.RightSizingShare;
        var dynamic = new DynamicCosts(dynamicRollback, rightSizing, dynamicRollback.RollbackImpact);

        // savings = (baseline - dynamic + right_sizing): left to right, as Python evaluates it.
        var savings = baseline.TotalBaselineCost - dynamic.TotalDynamicCost + dynamic.RightSizingSavings;

        // The seed divides by the baseline rollback impact; with none (rate 0 or free rollbacks)
        // Python raises ZeroDivisionError, so the reduction is undefined rather than invented.
        double? reduction = staticRollback.RollbackImpact == 0
            ? null
            : (staticRollback.RollbackImpact - dynamicRollback.RollbackImpact) / staticRollback.RollbackImpact * 100;

        return new RoiResult(inputs, baseline, dynamic, savings, reduction,
            staticRollback.FalsePositiveRollbacks - dynamicRollback.FalsePositiveRollbacks);
    }

    private static RollbackCost Rollback(RoiInputs inputs, StrategyAssumptions strategy)
    {
        // deployment_frequency * rollback_rate * (avg_incident_cost + (avg_rollback_time / 60 * oncall_hourly_rate))
        double frequency = inputs.DeploymentFrequency;
        var oncall = strategy.AvgRollbackTimeMinutes / 60 * inputs.OncallHourlyRate;
        var perRollback = inputs.AvgIncidentCost + oncall;
        var rollbacks = frequency * strategy.RollbackRate;
        var impact = rollbacks * perRollback;

        // int(deployment_frequency * false_positive_rate): truncation toward zero.
        var falsePositiveDeployments = frequency * strategy.FalsePositiveRate;
        return new RollbackCost(rollbacks, oncall, perRollback, impact, falsePositiveDeployments, (int)falsePositiveDeployments);
    }
}
