using BenchmarkDotNet.Attributes;
using CanaryDashboard.Configuration;
using CanaryDashboard.Data;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Data.Startup;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Kubernetes.Watch;
using CanaryDashboard.Live;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Polling;
using CanaryDashboard.Prometheus;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Seeding;
using CanaryDashboard.Simulation.Workload;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// One poll cycle with 10, 100 and 1,000 active canaries (paused mid-ladder, in Advise: every
/// decision is computed, nothing is sent) on simulated metrics: snapshots from the adapter's watch
/// cache, one batched metrics read (rate window and counts since each rung's entry), the evidence, the
/// engine and the decider per canary, the history batch queued,
/// the live store published. The database commit is not in the cycle (the history writer commits on
/// its own loop; it is not started here, so queued batches are dropped at once).
/// Run: dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- --filter '*PollCycle*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 12)]
public class PollCycleBenchmarks
{
    private SimulatedCluster _cluster = null!;
    private ServiceProvider _services = null!;
    private CanaryPoller _poller = null!;
    private string _dataPath = null!;
    private IMetricsSource _metrics = null!;
    private List<MetricTarget> _targets = null!;

    [Params(10, 100, 1_000)]
    public int Canaries { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _dataPath = Path.Combine(Path.GetTempPath(), "poll-bench-" + Guid.NewGuid().ToString("N")[..8]);
        _cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions { DataPath = _dataPath });
        var keys = new List<RolloutKey>();
        for (var i = 0; i < Canaries; i++)
        {
            var example = new ExampleRollouts.Example($"team-{i % 20:D2}", $"service-{i:D4}", TrafficScenario.Healthy, 4, i % 2 == 0, AtWeight: 20);
            ExampleRollouts.Seed(_cluster.Store, _cluster.Controller, example);
            keys.Add(new RolloutKey(example.Namespace, example.Name));
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataPath"] = _dataPath,
            ["Storage:Retention:QueueCapacity"] = "1",
            ["Cluster:Mode"] = "Simulated",
            ["Polling:SettingsRefresh"] = "00:10:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<CanaryDashboardOptions>().Bind(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_cluster);
        services.AddKubernetesCluster();
        services.AddStorage();
        services.AddLiveStore();
        services.AddSingleton<MetricTargetResolver>();
        services.AddSingleton<IMetricsSource>(new SimulatedMetricsSource(_cluster));
        services.AddPolling();
        _services = services.BuildServiceProvider();

        await DatabaseInitializer.InitializeAsync(_services.GetRequiredService<IDbContextFactory<CanaryDbContext>>(), CancellationToken.None);
        var settings = _services.GetRequiredService<RolloutSettingsStore>();
        foreach (var key in keys)
            await settings.SaveAsync(key, RolloutSettings.Default with { Policy = RolloutPolicy.Advise }, "bench", CancellationToken.None);

        var watch = _services.GetRequiredService<ClusterWatchService>();
        await watch.StartAsync(CancellationToken.None);
        await watch.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        _poller = _services.GetRequiredService<CanaryPoller>();
        _metrics = _services.GetRequiredService<IMetricsSource>();
        var resolver = _services.GetRequiredService<MetricTargetResolver>();
        // As the loop asks: counts since a rung entered a minute ago, besides the rate window.
        var entered = DateTimeOffset.UtcNow.AddMinutes(-1);
        _targets = keys.Select(k => resolver.Resolve(k) with { WindowStart = entered }).ToList();
        var first = await _poller.RunCycleAsync();
        if (first.Polled.Count != Canaries)
            throw new InvalidOperationException($"expected {Canaries} canaries in the cycle, got {first.Polled.Count} ({first.Skipped})");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        // The server first, while the watches are steady (as the adapter's tests do); its abort of
        // open watches can race a request that is just ending.
        try { await _cluster.DisposeAsync(); } catch (ObjectDisposedException) { }
        try { await _services.GetRequiredService<ClusterWatchService>().StopAsync(CancellationToken.None); } catch (OperationCanceledException) { }
        await _services.DisposeAsync();
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
    }

    [Benchmark(Baseline = true)]
    public Task<PollCycleReport> PollCycle() => _poller.RunCycleAsync();

    /// <summary>The batched read of the simulated metrics alone, to tell the source's share of a cycle from the loop's.</summary>
    [Benchmark]
    public Task<MetricsBatch> SimulatedMetricsReadOnly() => _metrics.ReadAsync(_targets, CancellationToken.None);
}
