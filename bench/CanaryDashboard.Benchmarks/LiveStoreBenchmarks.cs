using BenchmarkDotNet.Attributes;
using CanaryDashboard.Configuration;
using CanaryDashboard.Engine;
using CanaryDashboard.Live;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Observability;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// What one poll cycle costs the poller in the live store: publishing 1,000 rollouts (states
/// swapped, samples appended to full rings, four gauges set each) while 500 pages are subscribed.
/// Subscribers are the overview (all rollouts) or detail pages (one rollout each). Callbacks are
/// trivial and run on the thread pool at most every 100 ms, as in the app.
/// Run: dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- --filter '*LiveStore*'
/// </summary>
[MemoryDiagnoser]
public class LiveStoreBenchmarks
{
    private const int Rollouts = 1000;

    private readonly LiveRolloutState[][] _cycles = new LiveRolloutState[2][];
    private readonly List<LiveSubscription> _subscriptions = [];
    private LiveRolloutStore _store = null!;
    private int _cycle;

    [Params(0, 500)]
    public int Subscribers { get; set; }

    [Params("overview", "detail")]
    public string Pages { get; set; } = "overview";

    [GlobalSetup]
    public void Setup()
    {
        _store = new LiveRolloutStore(new LiveOptions(), TimeProvider.System,
            new DashboardMetrics(global::Prometheus.Metrics.NewCustomRegistry()));
        var at = DateTimeOffset.UtcNow;
        for (var c = 0; c < _cycles.Length; c++)
        {
            _cycles[c] = Enumerable.Range(0, Rollouts).Select(i => State(new RolloutKey($"ns-{i % 20}", $"rollout-{i:D4}"), at, c)).ToArray();
        }
        for (var s = 0; s < Subscribers; s++)
        {
            _subscriptions.Add(Pages == "overview"
                ? _store.SubscribeAll(static () => Task.CompletedTask)
                : _store.Subscribe(_cycles[0][s * (Rollouts / Subscribers)].Key, static () => Task.CompletedTask));
        }
        // Fill every ring, so appends overwrite as in steady state (720 samples = 1 h at 5 s).
        for (var i = 0; i < new LiveOptions().SampleBufferCapacity; i++)
            PublishCycle();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var subscription in _subscriptions)
            subscription.Dispose();
        _subscriptions.Clear();
    }

    [Benchmark(Description = "Publish 1,000 rollouts")]
    public void PublishCycle() => _store.Publish(_cycles[_cycle++ & 1]);

    [Benchmark(Description = "Update one rollout (an action)")]
    public void UpdateOne() => _store.Update(_cycles[_cycle++ & 1][Rollouts / 2]);

    private static LiveRolloutState State(RolloutKey key, DateTimeOffset at, int variant)
    {
        var canaryP99 = 0.100 + (key.GetHashCode() & 0xff) / 10_000.0 + variant / 1000.0;
        var engine = WeightEngine.Evaluate(new EngineInputs(canaryP99, 0.100, 0.002, 0.001, 5_000, 20_000), EngineParameters.Default);
        var sample = new LiveSample(at, new VersionMetrics(canaryP99, 0.002, 20, 5_000, new PoolGauges(30, 5, 100)),
            new VersionMetrics(0.100, 0.001, 80, 20_000, new PoolGauges(60, 10, 100)), engine, 20, 20, 3, 16);
        return new LiveRolloutState(key,
            new RolloutSummary(key.Namespace, key.Name, "Paused", "CanaryPauseStep", "Canary", 3, 16, 20, 20, []),
            sample, new DecisionSummary(at, "advance-after-n-polls", "hold", "recorded", 2, 3));
    }
}
