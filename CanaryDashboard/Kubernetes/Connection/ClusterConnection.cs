using CanaryDashboard.Configuration;
using k8s;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Kubernetes.Connection;

/// <summary>
/// Builds the one KubernetesClient the adapter uses, from <c>Cluster:Mode</c>: the simulated
/// cluster's kubeconfig, a kubeconfig file and context, or the pod's service account. Real and
/// simulated clusters go through the same client and the same code. The client is made on first
/// use (the simulated server may still be starting), and made again after a failure to build it.
/// </summary>
public sealed class ClusterConnection(IOptions<CanaryDashboardOptions> options, ISimulatedClusterKubeconfig? simulated = null) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IKubernetes? _client;

    public ClusterOptions Options => options.Value.Cluster;

    /// <summary>The API server address once known.</summary>
    public string? ApiServer { get; private set; }

    public async Task<IKubernetes> GetClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { } existing)
            return existing;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_client is not null)
                return _client;
            var config = await BuildConfigurationAsync(cancellationToken);
            ApiServer = config.Host;
            _client = new k8s.Kubernetes(config);
            return _client;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<KubernetesClientConfiguration> BuildConfigurationAsync(CancellationToken cancellationToken)
    {
        var cluster = Options;
        switch (cluster.Mode)
        {
            case ClusterMode.Simulated:
                if (simulated is null)
                    throw new InvalidOperationException("Cluster:Mode is Simulated but the simulated cluster is not registered in this host");
                var path = await simulated.GetKubeconfigPathAsync(cancellationToken);
                return KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
            case ClusterMode.Kubeconfig:
                return KubernetesClientConfiguration.BuildConfigFromConfigFile(
                    string.IsNullOrWhiteSpace(cluster.KubeconfigPath) ? null : cluster.KubeconfigPath,
                    string.IsNullOrWhiteSpace(cluster.Context) ? null : cluster.Context);
            case ClusterMode.InCluster:
                return KubernetesClientConfiguration.InClusterConfig();
            default:
                throw new InvalidOperationException($"Cluster:Mode '{cluster.Mode}' is not supported");
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _gate.Dispose();
    }
}

/// <summary>Where the simulated cluster wrote its kubeconfig (it writes one for itself when it starts).</summary>
public interface ISimulatedClusterKubeconfig
{
    Task<string> GetKubeconfigPathAsync(CancellationToken cancellationToken);
}
