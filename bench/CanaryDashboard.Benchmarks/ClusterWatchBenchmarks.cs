using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CanaryDashboard.Configuration;
using CanaryDashboard.Kubernetes.Connection;
using CanaryDashboard.Kubernetes.Watch;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Api;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// List + watch of 1,000 ladder rollouts in the simulated cluster (each mid-update, so each has a
/// stable and a canary ReplicaSet with their pods): time from a cold adapter to the first complete
/// set of snapshots, and what that costs in memory.
/// Run: dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- --filter '*ClusterWatch*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ClusterWatchBenchmarks
{
    [Params(1000)]
    public int Rollouts { get; set; }

    private SimulatedCluster _cluster = null!;
    private IOptions<CanaryDashboardOptions> _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "bench-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        _cluster = SimulatedCluster.StartAsync(new SimulatedClusterOptions { DataPath = dataPath }).GetAwaiter().GetResult();
        for (var i = 0; i < Rollouts; i++)
            _cluster.Store.Create(ResourceCatalog.Rollouts, LadderRollout($"team-{i % 20}", $"service-{i}", "v1"));
        _cluster.Controller.ReconcileAll();                 // v1: stable
        foreach (var rollout in _cluster.Store.All(ResourceCatalog.Rollouts))
        {
            _cluster.Store.Update(ResourceCatalog.Rollouts, (string)rollout["metadata"]!["namespace"]!, (string)rollout["metadata"]!["name"]!, r =>
            {
                r["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "registry.local/app:v2";
                return r;
            });
        }
        _cluster.Controller.ReconcileAll();                 // v2: setWeight 1, paused
        var options = new CanaryDashboardOptions();
        options.Storage.DataPath = dataPath;
        options.Cluster.Mode = ClusterMode.Simulated;
        _options = Options.Create(options);

        Console.WriteLine($"// Objects: {Rollouts} rollouts, {_cluster.Store.All(ResourceCatalog.ReplicaSets).Count} replicasets, {_cluster.Store.All(ResourceCatalog.Pods).Count} pods");
        MeasureRetainedCache();
    }

    /// <summary>
    /// What the adapter's cache (objects + snapshots) keeps after the first complete set: the heap
    /// freed when the last reference to it goes. The simulated server shares the process, so a plain
    /// before/after would also count its buffers.
    /// </summary>
    private void MeasureRetainedCache()
    {
        SyncIntoField();
        var snapshots = _retained!.Snapshots.Count;
        var withCache = GC.GetTotalMemory(forceFullCollection: true);
        _retained = null;
        var withoutCache = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// Retained by the adapter's cache after sync ({snapshots} snapshots): {(withCache - withoutCache) / 1024.0 / 1024.0:0.0} MiB");
    }

    private ClusterCache? _retained;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void SyncIntoField()
    {
        var (watch, cache, connection, stop) = StartAdapter();
        watch.WaitForSyncAsync(CancellationToken.None).GetAwaiter().GetResult();
        StopAdapter(watch, connection, stop);
        _retained = cache;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try { _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult(); } catch (ObjectDisposedException) { }
        try { Directory.Delete(_cluster.DataPath, recursive: true); } catch (IOException) { }
    }

    [Benchmark(Description = "list + watch to the first complete set of snapshots")]
    public int ListAndWatchToFirstCompleteSet()
    {
        var (watch, cache, connection, stop) = StartAdapter();
        watch.WaitForSyncAsync(CancellationToken.None).GetAwaiter().GetResult();
        var count = cache.Snapshots.Count;
        StopAdapter(watch, connection, stop);
        if (count != Rollouts)
            throw new InvalidOperationException($"synced with {count} snapshots, expected {Rollouts}");
        return count;
    }

    private (ClusterWatchService, ClusterCache, ClusterConnection, CancellationTokenSource) StartAdapter()
    {
        var connection = new ClusterConnection(_options);
        var cache = new ClusterCache();
        var watch = new ClusterWatchService(connection, cache, TimeProvider.System, _options, NullLogger<ClusterWatchService>.Instance);
        var stop = new CancellationTokenSource();
        watch.StartAsync(stop.Token).GetAwaiter().GetResult();
        return (watch, cache, connection, stop);
    }

    private static void StopAdapter(ClusterWatchService watch, ClusterConnection connection, CancellationTokenSource stop)
    {
        stop.Cancel();
        watch.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        watch.Dispose();
        connection.Dispose();
        stop.Dispose();
    }

    private static JsonObject LadderRollout(string ns, string name, string version)
    {
        var steps = new JsonArray();
        foreach (var weight in new[] { 1, 2, 5, 10, 20, 35, 50, 75 })
        {
            steps.Add(new JsonObject { ["setWeight"] = weight });
            steps.Add(new JsonObject { ["pause"] = new JsonObject() });
        }
        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Rollout",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 4,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = $"registry.local/app:{version}" }) },
                },
                ["strategy"] = new JsonObject
                {
                    ["canary"] = new JsonObject
                    {
                        ["canaryService"] = name + "-canary",
                        ["stableService"] = name + "-stable",
                        ["trafficRouting"] = new JsonObject { ["nginx"] = new JsonObject { ["stableIngress"] = name } },
                        ["steps"] = steps,
                    },
                },
            },
        };
    }
}
