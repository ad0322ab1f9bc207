using BenchmarkDotNet.Attributes;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Seeding;
using CanaryDashboard.Simulation.Workload;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// One pass of the simulated Argo controller over 1,000 mid-ladder rollouts (each with two
/// ReplicaSets and their pods) when nothing changed: the steady-state cost of every tick.
/// Run: dotnet run -c Release --project bench/CanaryDashboard.Benchmarks -- --filter '*SimulatedController*'
/// </summary>
[MemoryDiagnoser]
public class SimulatedControllerBenchmarks
{
    private SimulatedCluster _cluster = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions
        {
            DataPath = Path.Combine(Path.GetTempPath(), "sim-bench-" + Guid.NewGuid().ToString("N")[..8]),
        });
        for (var i = 0; i < 1_000; i++)
        {
            ExampleRollouts.Seed(_cluster.Store, _cluster.Controller,
                new ExampleRollouts.Example($"team-{i % 20:D2}", $"service-{i:D4}", TrafficScenario.Healthy, 4, i % 2 == 0, AtWeight: 20));
        }
        _cluster.Controller.ReconcileAll();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _cluster.DisposeAsync();
        try { Directory.Delete(_cluster.DataPath, recursive: true); } catch (IOException) { }
    }

    [Benchmark]
    public int ReconcileAllUnchanged() => _cluster.Controller.ReconcileAll();
}
