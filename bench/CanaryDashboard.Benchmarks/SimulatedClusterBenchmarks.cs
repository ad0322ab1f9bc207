using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Seeding;
using k8s;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// 1,000 rollouts (each a copy of a seeded mid-ladder rollout, status included) in the simulated
/// cluster, read through KubernetesClient over loopback HTTP: one list, a kubectl-style paged
/// list, and a watch from no version until its 1,000 ADDED events have arrived.
/// Run: dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- --filter '*SimulatedCluster*'
/// </summary>
[MemoryDiagnoser]
public class SimulatedClusterBenchmarks
{
    private const int RolloutCount = 1_000;
    private SimulatedCluster _cluster = null!;
    private k8s.Kubernetes _client = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions
        {
            DataPath = Path.Combine(Path.GetTempPath(), "sim-bench-" + Guid.NewGuid().ToString("N")[..8]),
            SeedExampleRollouts = true,
        });
        var template = _cluster.Store.Get(ResourceCatalog.Rollouts, "storefront", "checkout-web")!;
        for (var i = 0; i < RolloutCount - ExampleRollouts.All.Count; i++)
        {
            var copy = template.DeepClone().AsObject();
            var metadata = copy["metadata"]!.AsObject();
            metadata["name"] = $"service-{i:D4}";
            metadata["namespace"] = $"team-{i % 20:D2}";
            metadata.Remove("uid");
            _cluster.Store.Load(copy);
        }
        _client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_cluster.KubeconfigPath));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _client.Dispose();
        await _cluster.DisposeAsync();
        try { Directory.Delete(_cluster.DataPath, recursive: true); } catch (IOException) { }
    }

    [Benchmark(Baseline = true)]
    public async Task<int> ListAll()
    {
        var list = (JsonElement)await _client.CustomObjects.ListClusterCustomObjectAsync("argoproj.io", "v1alpha1", "rollouts");
        return Check(list.GetProperty("items").GetArrayLength());
    }

    [Benchmark]
    public async Task<int> ListPagedBy500()
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = (JsonElement)await _client.CustomObjects.ListClusterCustomObjectAsync("argoproj.io", "v1alpha1", "rollouts",
                limit: 500, continueParameter: token);
            count += page.GetProperty("items").GetArrayLength();
            token = page.GetProperty("metadata").TryGetProperty("continue", out var c) ? c.GetString() : null;
        } while (!string.IsNullOrEmpty(token));
        return Check(count);
    }

    [Benchmark]
    public async Task<int> WatchUntilAllAdded()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var count = 0;
        await foreach (var _ in _client.CustomObjects.WatchListClusterCustomObjectAsync("argoproj.io", "v1alpha1", "rollouts",
                           cancellationToken: cts.Token))
        {
            if (++count == RolloutCount)
                break;
        }
        return Check(count);
    }

    private static int Check(int count) =>
        count == RolloutCount ? count : throw new InvalidOperationException($"expected {RolloutCount} rollouts, got {count}");
}
