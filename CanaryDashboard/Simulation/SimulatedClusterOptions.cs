namespace CanaryDashboard.Simulation;

/// <summary>How one simulated cluster starts (the hosted app fills it from <c>Simulation:</c> configuration; tests set it directly).</summary>
public sealed class SimulatedClusterOptions
{
    /// <summary>Loopback port; 0 picks a free one (kept across <see cref="SimulatedCluster.StopListeningAsync"/> and restart).</summary>
    public int Port { get; set; }

    /// <summary>Where the kubeconfig is written; null means a fresh folder under the temp path.</summary>
    public string? DataPath { get; set; }

    public string KubeconfigFileName { get; set; } = "simulated-cluster.kubeconfig";

    /// <summary>Drives the controller loop, timestamps, and the simulated metrics. Tests pass a FakeTimeProvider.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Seed of every pseudo-random choice (metrics noise, pod names): same seed, same cluster.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Run the simulated Argo Rollouts controller loop. Off for tests that load fixtures and want them left as they are.</summary>
    public bool RunController { get; set; }

    /// <summary>How often the controller loop reconciles every rollout (on <see cref="TimeProvider"/>).</summary>
    public TimeSpan ControllerInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The simulated cluster's DNS for the web metric provider: in-cluster host name → loopback base
    /// URL (e.g. <c>"prometheus.monitoring.svc.cluster.local" = "http://127.0.0.1:9090"</c>), or
    /// <c>dashboard</c> for the app hosting the cluster. The chart's example host is mapped to the dashboard already.
    /// </summary>
    public Dictionary<string, string> Dns { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Load the built-in example rollouts at start.</summary>
    public bool SeedExampleRollouts { get; set; }

    /// <summary>A folder of Rollout and related YAML/JSON manifests to load at start; null or empty for none.</summary>
    public string? ManifestsPath { get; set; }

    /// <summary>How often an idle watch that allows bookmarks gets a BOOKMARK (the real API server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many changes the store keeps for watches before older versions answer 410 Gone.</summary>
    public int WatchHistoryLimit { get; set; } = 20_000;
}
