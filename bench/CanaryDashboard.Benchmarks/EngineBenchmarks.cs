using BenchmarkDotNet.Attributes;
using CanaryDashboard.Engine;

namespace CanaryDashboard.Benchmarks;

[MemoryDiagnoser]
public class EngineBenchmarks
{
    private readonly EngineInputs _inputs = new(0.132, 0.120, 0.004, 0.002, 1200, 11000);

    [Benchmark(Baseline = true)]
    public EngineResult EvaluateOne() => WeightEngine.Evaluate(_inputs, EngineParameters.Default);
}
