using BenchmarkDotNet.Attributes;
using CanaryDashboard.Components.Controls.Rollouts;
using CanaryDashboard.Configuration;
using CanaryDashboard.Engine;
using CanaryDashboard.Live;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// What the overview does on every live push with 1,000 rollouts (each with a full ring of 720
/// samples): rebuild the rows (sparkline of the last 40 weights each), then filter and order them.
/// The browser-side cost is measured by bench/CanaryDashboard.PageBench.
/// Run: dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- --filter '*OverviewRows*'
/// </summary>
[MemoryDiagnoser]
public class OverviewRowsBenchmarks
{
    private LiveRolloutStore _store = null!;
    private List<RolloutRow> _rows = [];
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _store = new LiveRolloutStore(new LiveOptions(), TimeProvider.System);
        _now = DateTimeOffset.UtcNow;
        for (var s = 720; s >= 1; s--)
        {
            var at = _now.AddSeconds(-5 * s);
            var cycle = new LiveRolloutState[1000];
            for (var i = 0; i < cycle.Length; i++)
            {
                var key = new RolloutKey($"ns-{i % 20:D2}", $"svc-{i:D4}");
                var p99 = 0.1 + (i % 13) * 0.003;
                var engine = WeightEngine.Evaluate(new EngineInputs(p99, 0.1, 0.002, 0.001, 10_000, 40_000), EngineParameters.Default);
                cycle[i] = new LiveRolloutState(key,
                    new RolloutSummary(key.Namespace, key.Name, i % 9 == 0 ? "Degraded" : "Paused", null, "Canary", 9, 16, 20, 20, []),
                    new LiveSample(at, new VersionMetrics(p99, 0.002, 40, 10_000), new VersionMetrics(0.1, 0.001, 160, 40_000), engine, 20, 20, 9, 16));
            }
            _store.Publish(cycle);
        }
        _rows = RolloutRowBuilder.BuildAll([], _store, _now);
    }

    [Benchmark]
    public int BuildRows() => RolloutRowBuilder.BuildAll([], _store, _now).Count;

    [Benchmark]
    public int FilterAndOrder() => new OverviewQuery(Text: "svc-0").Apply(_rows).ToList().Count;   // ToList: Count() alone would skip the sort
}
