using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Tests.Engine.Evidence;

namespace CanaryDashboard.Tests.Polling;

/// <summary>
/// Real evidence (the engine's own assessment of constructed counts) for decider tests: log-normal
/// latency with a 100 ms median through the workload's buckets, 0.5 % errors.
/// </summary>
internal static class DecisionEvidence
{
    /// <summary>20,000 canary requests as fast as stable (200,000): within both thresholds.</summary>
    public static readonly EvidenceAssessment Within = Of(20_000, slowdown: 1);

    /// <summary>20,000 canary requests twice as slow: the p99 breach shown.</summary>
    public static readonly EvidenceAssessment Breach = Of(20_000, slowdown: 2);

    /// <summary>200 canary requests as fast as stable: neither shown yet.</summary>
    public static readonly EvidenceAssessment Insufficient = Of(200, slowdown: 1);

    /// <summary>The evidence that agrees with an engine result: within for proceed, breach for breach, insufficient otherwise.</summary>
    public static EvidenceAssessment Matching(EngineResult engine) => engine.Verdict switch
    {
        Verdict.Proceed => Within,
        Verdict.Breach => Breach,
        _ => Insufficient,
    };

    public static EvidenceAssessment Of(double canaryRequests, double slowdown, double canaryErrorRate = 0.005)
    {
        var canary = new VersionCounts(canaryRequests, canaryRequests * canaryErrorRate,
            EvidenceSimulator.ExpectedHistogram(canaryRequests, 0.1 * slowdown, 0.5));
        var stable = new VersionCounts(canaryRequests * 10, canaryRequests * 10 * 0.005,
            EvidenceSimulator.ExpectedHistogram(canaryRequests * 10, 0.1, 0.5));
        return EvidenceEngine.Assess(new EvidenceInputs(canary, stable), EngineParameters.Default);
    }
}
