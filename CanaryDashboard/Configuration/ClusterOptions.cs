namespace CanaryDashboard.Configuration;

/// <summary>Where the rollouts come from.</summary>
public enum ClusterMode
{
    /// <summary>The built-in simulated cluster on loopback (the default on a fresh machine).</summary>
    Simulated,
    /// <summary>A kubeconfig file and context.</summary>
    Kubeconfig,
    /// <summary>The pod's service account, when running inside the cluster.</summary>
    InCluster,
}

public sealed class ClusterOptions
{
    public ClusterMode Mode { get; set; } = ClusterMode.Simulated;

    /// <summary>Kubeconfig file (Kubeconfig mode); empty means the default location.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>Kubeconfig context (Kubeconfig mode); empty means the current context.</summary>
    public string? Context { get; set; }

    /// <summary>Namespaces to watch; empty means all namespaces.</summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>Server-side timeout of a watch request; each watch draws between this and twice this, then renews.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>First delay after a failed list or watch; doubles on each failure (with jitter) up to <see cref="WatchMaxBackoff"/>.</summary>
    public TimeSpan WatchInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan WatchMaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an action (read + patches) may take before it is reported as a timeout.</summary>
    public TimeSpan ActionTimeout { get; set; } = TimeSpan.FromSeconds(15);

}
