using CanaryDashboard.Data.Writing;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Model;

namespace CanaryDashboard.Tests.Data;

/// <summary>Samples carrying evidence weighed by the real engine from counts with latency buckets.</summary>
internal static class EvidenceRecords
{
    private static readonly double[] Bounds = [0.05, 0.1, 0.25, 0.5];

    public static VersionCounts Counts(double requests, double errors, params double[] cumulative) =>
        new(requests, errors, LatencyHistogram.TryFromSorted(Bounds, cumulative, requests, out _));

    public static EvidenceInputs Healthy { get; } = new(
        Counts(1_000.5, 2, 500, 900, 999, 1_000.5),
        Counts(10_000, 20, 5_000, 9_000, 9_950, 9_990),
        TimeSpan.FromSeconds(100));

    /// <summary>A tenth of the canary's requests above the top bucket: its p99 has no upper bound.</summary>
    public static EvidenceInputs AboveTop { get; } = Healthy with { Canary = Counts(1_000, 2, 400, 700, 800, 900) };

    public static SampleRecord Sample(RolloutKey rollout, DateTimeOffset at, EvidenceInputs inputs) =>
        Records.Sample(rollout, at) with
        {
            Evidence = EvidenceEngine.Assess(inputs, EngineParameters.Default),
            EvidenceSince = at.AddSeconds(-100),
            Counts = inputs,
        };
}
