using CanaryDashboard.Configuration;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Kubernetes.Connection;
using CanaryDashboard.Kubernetes.Watch;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Kubernetes;

public static class KubernetesClusterExtensions
{
    /// <summary>
    /// The cluster adapter: the connection (by <c>Cluster:Mode</c>), the watch and its cache as
    /// <see cref="IRolloutSnapshotProvider"/> and <see cref="IClusterStatusProvider"/>, and
    /// <see cref="RolloutActions"/> (called only through the Security folder's role check and audit).
    /// </summary>
    public static IServiceCollection AddKubernetesCluster(this IServiceCollection services)
    {
        // Simulated mode: the simulated cluster this app hosts, else the kubeconfig it leaves in the data folder.
        services.AddSingleton<ISimulatedClusterKubeconfig>(sp =>
            sp.GetService<CanaryDashboard.Simulation.SimulatedCluster>() is { } cluster
                ? new HostedSimulatedKubeconfig(cluster)
                : new DataFolderSimulatedKubeconfig(sp.GetRequiredService<IOptions<CanaryDashboardOptions>>()));
        services.AddSingleton<ClusterConnection>();
        services.AddSingleton<ClusterCache>();
        services.AddSingleton<ClusterWatchService>(sp => ActivatorUtilities.CreateInstance<ClusterWatchService>(sp, ResourceSource.All));
        services.AddSingleton<IRolloutSnapshotProvider>(sp => sp.GetRequiredService<ClusterWatchService>());
        services.AddSingleton<IClusterStatusProvider>(sp => sp.GetRequiredService<ClusterWatchService>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterWatchService>());
        services.AddSingleton(sp => new RolloutActions(sp.GetRequiredService<ClusterConnection>(), sp.GetRequiredService<ILogger<RolloutActions>>())
        {
            Timeout = sp.GetRequiredService<IOptions<CanaryDashboardOptions>>().Value.Cluster.ActionTimeout,
        });
        return services;
    }
}
