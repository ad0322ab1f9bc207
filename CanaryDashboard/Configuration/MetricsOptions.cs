namespace CanaryDashboard.Configuration;

/// <summary>Which backend answers for canary and stable metrics.</summary>
public enum MetricsSourceKind
{
    /// <summary>Simulated metrics with the simulated cluster, Prometheus with a real one.</summary>
    Auto,
    /// <summary>Always Prometheus — also with the simulated cluster, e.g. to watch a real workload.</summary>
    Prometheus,
    /// <summary>The simulated workload's metrics; needs <c>Cluster:Mode=Simulated</c>.</summary>
    Simulated,
}

public sealed class MetricsOptions
{
    public MetricsSourceKind Source { get; set; } = MetricsSourceKind.Auto;

    public bool UsesSimulated(ClusterMode mode) =>
        Source == MetricsSourceKind.Simulated || (Source == MetricsSourceKind.Auto && mode == ClusterMode.Simulated);
}
