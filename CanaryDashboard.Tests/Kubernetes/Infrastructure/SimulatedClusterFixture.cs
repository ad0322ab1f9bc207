using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CanaryDashboard.Configuration;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Kubernetes.Connection;
using CanaryDashboard.Kubernetes.Watch;
using CanaryDashboard.Simulation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Tests.Kubernetes.Infrastructure;

/// <summary>
/// A simulated cluster and the real adapter pointed at it exactly as the app does in Simulated
/// mode: the kubeconfig the server writes into the data folder, KubernetesClient over HTTP, the
/// watch service and its cache, and the actions. Every request the client sends is recorded.
/// </summary>
public sealed class SimulatedClusterFixture : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private SimulatedClusterFixture(SimulatedCluster cluster, CanaryDashboardOptions options, TimeProvider time)
    {
        Cluster = cluster;
        Options = options;
        Connection = new ClusterConnection(Microsoft.Extensions.Options.Options.Create(options))
        {
            Handlers = () => [new RecordingHandler(Requests), new FaultInjectingHandler(Faults)],
        };
        Cache = new ClusterCache();
        Watch = new ClusterWatchService(Connection, Cache, time, Microsoft.Extensions.Options.Options.Create(options),
            NullLogger<ClusterWatchService>.Instance);
        Actions = new RolloutActions(Connection, NullLogger<RolloutActions>.Instance);
    }

    public SimulatedCluster Cluster { get; }
    public CanaryDashboardOptions Options { get; }
    public ClusterConnection Connection { get; }
    public ClusterCache Cache { get; }
    public ClusterWatchService Watch { get; }
    public RolloutActions Actions { get; }
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public FaultRules Faults { get; } = new();

    public static async Task<SimulatedClusterFixture> StartAsync(
        Action<SimulatedClusterOptions>? configureCluster = null, Action<ClusterOptions>? configureAdapter = null, TimeProvider? time = null)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "k8s-adapter-tests", Guid.NewGuid().ToString("N"));
        var clusterOptions = new SimulatedClusterOptions { DataPath = dataPath };
        configureCluster?.Invoke(clusterOptions);
        var cluster = await SimulatedCluster.StartAsync(clusterOptions);
        var options = new CanaryDashboardOptions();
        options.Storage.DataPath = dataPath;
        options.Cluster.Mode = ClusterMode.Simulated;
        options.Cluster.WatchInitialBackoff = TimeSpan.FromMilliseconds(100);
        options.Cluster.WatchMaxBackoff = TimeSpan.FromSeconds(2);
        configureAdapter?.Invoke(options.Cluster);
        return new SimulatedClusterFixture(cluster, options, time ?? TimeProvider.System);
    }

    /// <summary>
    /// Loads objects as they are (fixtures keep their uid, generation and status; the server serves
    /// the fixtures' extensions/v1beta1 ReplicaSets as apps/v1, as a current API server does).
    /// </summary>
    public void Load(IEnumerable<JsonObject> objects)
    {
        foreach (var obj in objects)
            Cluster.Store.Load(obj);
    }

    public async Task StartWatchAsync()
    {
        await Watch.StartAsync(_stop.Token);
        await Watch.WaitForSyncAsync(new CancellationTokenSource(Wait.Long).Token);
    }

    public IReadOnlyList<RecordedRequest> Patches() => Requests.Where(r => r.Method == "PATCH").ToArray();

    public async ValueTask DisposeAsync()
    {
        // The server goes first, while the watches are steady: its AbortWatches races with watch
        // requests that are just ending (ObjectDisposedException from HttpContext.Abort, reported
        // to the simulation's owner), and a teardown must not fail a test that passed.
        try { await Cluster.DisposeAsync(); } catch (ObjectDisposedException) { }
        await _stop.CancelAsync();
        try { await Watch.StopAsync(CancellationToken.None); } catch (OperationCanceledException) { }
        Watch.Dispose();
        Connection.Dispose();
        try { Directory.Delete(Cluster.DataPath, recursive: true); } catch (IOException) { }
        _stop.Dispose();
    }
}
