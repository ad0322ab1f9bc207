using System.Text.Json.Serialization;
using CanaryDashboard.Configuration;

namespace CanaryDashboard.Kubernetes.Connection;

/// <summary>
/// How the dashboard sees the cluster right now: which mode and API server, whether the last
/// request got through, the last error and when data was last confirmed fresh.
/// </summary>
public sealed record ClusterStatus
{
    [JsonConverter(typeof(JsonStringEnumConverter<ClusterMode>))]
    public ClusterMode Mode { get; init; }
    public string? ApiServer { get; init; }
    /// <summary>Namespaces watched; empty means all.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];
    public bool Connected { get; init; }
    /// <summary>Every kind has been listed at least once: the snapshots are a complete set.</summary>
    public bool Synced { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }
    /// <summary>The last time a list or a watch event arrived.</summary>
    public DateTimeOffset? LastSyncAt { get; init; }
    public DateTimeOffset? FirstSyncAt { get; init; }
    public int Rollouts { get; init; }
    /// <summary>Full relists after a 410 Gone (the watch's resourceVersion had been compacted away).</summary>
    public int Relists { get; init; }
    /// <summary>Watch restarts after errors (API server gone, connection dropped).</summary>
    public int Reconnects { get; init; }
}
