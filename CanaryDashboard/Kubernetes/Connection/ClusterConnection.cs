using CanaryDashboard.Configuration;
using k8s;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Kubernetes.Connection;

/// <summary>
/// Builds the one KubernetesClient the adapter uses, from <c>Cluster:Mode</c>: the simulated
/// cluster's kubeconfig, a kubeconfig file and context, or the pod's service account. Real and
/// simulated clusters go through the same client and the same code. The client is made on first
/// use (the simulated server may still be starting) and made again when its kubeconfig file is
/// rewritten (the simulated server writes a new one, with its port, each time it starts).
/// </summary>
public sealed class ClusterConnection : IDisposable
{
    private readonly IOptions<CanaryDashboardOptions> _options;
    private readonly ISimulatedClusterKubeconfig _simulated;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IKubernetes? _client;
    private (string Path, DateTime WrittenAt)? _source;

    public ClusterConnection(IOptions<CanaryDashboardOptions> options, ISimulatedClusterKubeconfig? simulated = null)
    {
        _options = options;
        _simulated = simulated ?? new DataFolderSimulatedKubeconfig(options);
    }

    public ClusterOptions Options => _options.Value.Cluster;

    /// <summary>Extra HTTP handlers for every client made (tests record the requests sent on the wire).</summary>
    public Func<DelegatingHandler[]>? Handlers { get; init; }

    /// <summary>The API server address once known.</summary>
    public string? ApiServer { get; private set; }

    public async Task<IKubernetes> GetClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { } existing && !SourceChanged())
            return existing;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_client is not null && !SourceChanged())
                return _client;
            var config = await BuildConfigurationAsync(cancellationToken);
            ApiServer = config.Host;
            // Old clients are left to the GC: a watch may still be reading from one.
            _client = new k8s.Kubernetes(config, Handlers?.Invoke() ?? []);
            return _client;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool SourceChanged() =>
        _source is { } source && File.Exists(source.Path) && File.GetLastWriteTimeUtc(source.Path) != source.WrittenAt;

    private async Task<KubernetesClientConfiguration> BuildConfigurationAsync(CancellationToken cancellationToken)
    {
        var cluster = Options;
        switch (cluster.Mode)
        {
            case ClusterMode.Simulated:
            {
                var path = await _simulated.GetKubeconfigPathAsync(cancellationToken);
                _source = (path, File.GetLastWriteTimeUtc(path));
                return KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
            }
            case ClusterMode.Kubeconfig:
            {
                var path = string.IsNullOrWhiteSpace(cluster.KubeconfigPath) ? null : cluster.KubeconfigPath;
                if (path is not null)
                    _source = (path, File.GetLastWriteTimeUtc(path));
                return KubernetesClientConfiguration.BuildConfigFromConfigFile(path,
                    string.IsNullOrWhiteSpace(cluster.Context) ? null : cluster.Context);
            }
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

/// <summary>
/// The simulated cluster's documented place: <c>{Storage:DataPath}/simulated-cluster.kubeconfig</c>.
/// Until the file is there the watch reports it and backs off.
/// </summary>
public sealed class DataFolderSimulatedKubeconfig(IOptions<CanaryDashboardOptions> options) : ISimulatedClusterKubeconfig
{
    public const string FileName = "simulated-cluster.kubeconfig";

    public Task<string> GetKubeconfigPathAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(Path.Combine(options.Value.Storage.DataPath, FileName));
        return File.Exists(path)
            ? Task.FromResult(path)
            : throw new FileNotFoundException($"the simulated cluster has not written its kubeconfig yet ({path})", path);
    }
}

/// <summary>The simulated cluster started by this app (Simulated mode): its kubeconfig once it listens.</summary>
public sealed class HostedSimulatedKubeconfig(CanaryDashboard.Simulation.SimulatedCluster cluster) : ISimulatedClusterKubeconfig
{
    public async Task<string> GetKubeconfigPathAsync(CancellationToken cancellationToken)
    {
        await cluster.Started.WaitAsync(cancellationToken);
        return cluster.KubeconfigPath;
    }
}
