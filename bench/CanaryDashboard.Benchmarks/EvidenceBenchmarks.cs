using BenchmarkDotNet.Attributes;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Tests.Engine.Evidence;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// What the evidence adds to a poll, per rollout: one look (<see cref="EvidenceEngine.Assess"/>),
/// a hold with its projection and reason (<see cref="EvidenceEngine.Evaluate"/>), and one power
/// question of the tuning studio.
/// </summary>
[MemoryDiagnoser]
public class EvidenceBenchmarks
{
    private static readonly EngineParameters Engine = EngineParameters.Default;
    private EvidenceInputs _decided = null!;
    private EvidenceInputs _hold = null!;
    private LatencyHistogram _shape = null!;

    [GlobalSetup]
    public void Setup()
    {
        VersionCounts Version(double requests, double slowdown = 1) =>
            new(requests, requests * 0.005, EvidenceSimulator.ExpectedHistogram(requests, 0.1 * slowdown, 0.5));
        _decided = new EvidenceInputs(Version(20_000), Version(180_000), TimeSpan.FromMinutes(30));
        _hold = new EvidenceInputs(Version(600), Version(5_400), TimeSpan.FromMinutes(1));
        _shape = EvidenceSimulator.ExpectedHistogram(100_000, 0.1, 0.5);
    }

    [Benchmark(Baseline = true)]
    public EvidenceAssessment AssessOneLook() => EvidenceEngine.Assess(_decided, Engine);

    [Benchmark]
    public EvidenceResult EvaluateHoldWithProjection() => EvidenceEngine.Evaluate(_hold, Engine);

    [Benchmark]
    public PowerEstimate PowerForP99Plus35Percent() => EvidencePower.Latency(_shape, 0.35, 10, 90, Engine);
}
