using CanaryDashboard.Simulation.Workload;

namespace CanaryDashboard.Configuration;

/// <summary>The simulated cluster (<c>Cluster:Mode = Simulated</c>): its API server, controller and workload metrics.</summary>
public sealed class SimulationOptions
{
    /// <summary>Seed of the simulated metrics' noise and of generated names: the same seed gives the same cluster.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Loopback port of the simulated API server; 0 picks a free one (the kubeconfig says which).</summary>
    public int Port { get; set; }

    /// <summary>Start with the example rollouts (a 1 … 75 % ladder in several states and scenarios).</summary>
    public bool SeedExampleRollouts { get; set; } = true;

    /// <summary>A folder of Rollout and related YAML/JSON manifests to load at start; empty for none.</summary>
    public string? ManifestsPath { get; set; }

    /// <summary>How often the simulated Argo Rollouts controller reconciles. Default 2 s.</summary>
    public TimeSpan ControllerInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The simulated cluster's DNS for Argo's web metric provider: in-cluster host name → base URL
    /// on loopback (<c>http://127.0.0.1:9090</c>), or <c>dashboard</c> for this app. The chart's
    /// example AnalysisTemplate host already maps to this app; only loopback is ever called.
    /// </summary>
    public Dictionary<string, string> Dns { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Requests per second of each simulated service (split between canary and stable by weight).
    /// 1000 so that a healthy canary shows "within" on the evidence at every rung of the seeded ladder
    /// in about 5 minutes or less (at 200 req/s the 1 % rung takes 26 minutes; Simulation README).
    /// </summary>
    public double RequestsPerSecond { get; set; } = 1000;

    /// <summary>The scenario of rollouts with none set here or in their annotation.</summary>
    public TrafficScenario DefaultScenario { get; set; } = TrafficScenario.Healthy;

    /// <summary>Per-rollout scenarios, keyed as <c>namespace/name</c> (win over the rollout's annotation).</summary>
    public Dictionary<string, TrafficScenario> Scenarios { get; set; } = new();
}
