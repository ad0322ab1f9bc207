using BenchmarkDotNet.Attributes;
using CanaryDashboard.Engine;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// The engine's speed targets: one evaluation (with its reason text), a 10,000-point curve and
/// a 100 × 100 grid, each through the same formula the decisions use.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private readonly EngineInputs _inputs = new(0.132, 0.120, 0.004, 0.002, 1200, 11000);
    private readonly SampleRange _curveLatency = new(-0.2, 0.5, 10_000);
    private readonly SampleRange _gridLatency = new(-0.2, 0.5, 100);
    private readonly SampleRange _gridError = new(-0.01, 0.05, 100);
    private readonly CurvePoint[] _buffer = new CurvePoint[10_000];

    [Benchmark(Baseline = true)]
    public EngineResult EvaluateOne() => WeightEngine.Evaluate(_inputs, EngineParameters.Default);

    [Benchmark]
    public CurveSeries Curve10000Points() => CurveSampler.Curve(_curveLatency, 0.01, EngineParameters.Default);

    /// <summary>The same curve into a reused buffer: the formula's cost alone, without the 240 KB array.</summary>
    [Benchmark]
    public CurvePoint Curve10000PointsIntoBuffer()
    {
        CurveSampler.Fill(_curveLatency, 0.01, EngineParameters.Default, _buffer);
        return _buffer[^1];
    }

    [Benchmark]
    public WeightGrid Grid100x100() => CurveSampler.Grid(_gridLatency, _gridError, EngineParameters.Default);
}
