namespace CanaryDashboard.Roi;

/// <summary>
/// One strategy's rollback arithmetic, with the intermediate values the page shows:
/// <c>frequency × rate × (incident cost + minutes / 60 × hourly rate)</c>.
/// </summary>
public sealed record RollbackCost(
    double RollbacksPerMonth,
    double OncallCostPerRollback,
    double CostPerRollback,
    double RollbackImpact,
    double FalsePositiveDeployments,
    int FalsePositiveRollbacks);

/// <summary>The seed's <c>calculate_static_canary_costs</c> result.</summary>
public sealed record StaticCosts(RollbackCost Rollback, double OverprovisioningWaste, double TotalBaselineCost);

/// <summary>The seed's <c>calculate_dynamic_canary_costs</c> result.</summary>
public sealed record DynamicCosts(RollbackCost Rollback, double RightSizingSavings, double TotalDynamicCost);

/// <summary>What the seed's <c>run_simulation()</c> prints, for the given inputs.</summary>
public sealed record RoiResult(
    RoiInputs Inputs,
    StaticCosts Static,
    DynamicCosts Dynamic,
    double NetMonthlySavings,
    double? RollbackReductionPercent,
    int FalsePositivesEliminated);
