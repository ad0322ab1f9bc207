namespace CanaryDashboard.Roi;

/// <summary>
/// What one deployment strategy is assumed to do per deployment, as in the seed's
/// <c>DeploymentROIAnalyzer</c>: the share of deployments rolled back, how long a rollback
/// keeps the on-call engineer busy, and the share of deployments rolled back for nothing.
/// Rates are fractions (0.23 = 23 %), as in the seed.
/// </summary>
public sealed record StrategyAssumptions(double RollbackRate, double AvgRollbackTimeMinutes, double FalsePositiveRate)
{
    /// <summary>The seed's <c>calculate_static_canary_costs</c>: fixed-step canaries.</summary>
    public static StrategyAssumptions SeedStatic { get; } = new(0.23, 8.4, 0.31);

    /// <summary>The seed's <c>calculate_dynamic_canary_costs</c>: latency-driven interpolation.</summary>
    public static StrategyAssumptions SeedDynamic { get; } = new(0.025, 1.2, 0.04);
}
