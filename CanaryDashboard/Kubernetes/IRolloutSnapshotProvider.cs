using CanaryDashboard.Kubernetes.Connection;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Kubernetes.Watch;
using CanaryDashboard.Model;

namespace CanaryDashboard.Kubernetes;

/// <summary>
/// The current snapshot of every watched rollout, kept fresh by the watch. Readers never call
/// the API server: they read this, and subscribe to <see cref="Changed"/> for pushes.
/// </summary>
public interface IRolloutSnapshotProvider
{
    /// <summary>Every rollout, ordered by namespace then name.</summary>
    IReadOnlyList<RolloutSnapshot> GetAll();

    RolloutSnapshot? Get(RolloutKey key);

    /// <summary>Every kind has been listed: <see cref="GetAll"/> is a complete set.</summary>
    bool IsSynced { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>Raised (on the watch's thread) with the snapshots that changed and the rollouts that went away.</summary>
    event Action<SnapshotChange>? Changed;
}

/// <summary>The cluster connection as <c>GET /api/cluster</c> shows it.</summary>
public interface IClusterStatusProvider
{
    ClusterStatus Status { get; }
}
