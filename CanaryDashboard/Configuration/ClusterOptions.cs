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
}
