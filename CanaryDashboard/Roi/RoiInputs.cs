namespace CanaryDashboard.Roi;

/// <summary>
/// Every input of the seed's <c>DeploymentROIAnalyzer</c>: its five constructor arguments and the
/// constants hard-coded in its two cost methods, so each one can be changed on the page.
/// </summary>
public sealed record RoiInputs
{
    /// <summary>Taken by the seed's constructor but used by none of its formulas.</summary>
    public double MonthlyRevenue { get; init; } = 2_400_000;

    public double AvgIncidentCost { get; init; } = 2_100;

    public double OncallHourlyRate { get; init; } = 85;

    public double CloudMonthlySpend { get; init; } = 45_000;

    /// <summary>Deployments per month; an <c>int</c> in the seed.</summary>
    public int DeploymentFrequency { get; init; } = 120;

    public StrategyAssumptions Static { get; init; } = StrategyAssumptions.SeedStatic;

    /// <summary>Share of the cloud spend wasted on safety buffers with static canaries (the seed's 0.18).</summary>
    public double OverprovisioningShare { get; init; } = 0.18;

    public StrategyAssumptions Dynamic { get; init; } = StrategyAssumptions.SeedDynamic;

    /// <summary>Share of the cloud spend saved by right-sizing with dynamic canaries (the seed's 0.12).</summary>
    public double RightSizingShare { get; init; } = 0.12;

    /// <summary>The seed's defaults: <c>DeploymentROIAnalyzer()</c>.</summary>
    public static RoiInputs SeedDefaults { get; } = new();
}
