using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Configuration;

/// <summary>
/// The root of the operator-facing configuration (<c>appsettings.json</c> at the repository root).
/// Each nested section is one concern; every key can be overridden with <c>--Section:Key=value</c>
/// on the command line or <c>Section__Key</c> in the environment.
/// </summary>
public sealed class CanaryDashboardOptions
{
    /// <summary>The weight engine's parameters (defaults: the seed's constants).</summary>
    public EngineParameters Engine { get; set; } = new();
    /// <summary>
    /// How much evidence a decision needs (confidence, breach rule, priors): the thresholds and the
    /// minimum request count are the engine's (per profile); these hold for every rollout. Defaults
    /// and the numbers behind them: <c>Engine/README.md</c>, "Evidence".
    /// </summary>
    public EvidenceParameters Evidence { get; set; } = new();
    /// <summary>Which metrics backend is used: Auto, Prometheus or Simulated.</summary>
    public MetricsOptions Metrics { get; set; } = new();
    public PrometheusOptions Prometheus { get; set; } = new();
    public ClusterOptions Cluster { get; set; } = new();
    public PollingOptions Polling { get; set; } = new();
    public StorageOptions Storage { get; set; } = new();
    public AnalyzeOptions Analyze { get; set; } = new();
    public SimulationOptions Simulation { get; set; } = new();
    public LiveOptions Live { get; set; } = new();
    public AuthOptions Auth { get; set; } = new();
}
