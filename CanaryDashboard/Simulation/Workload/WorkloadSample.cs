using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Metrics;

namespace CanaryDashboard.Simulation.Workload;

/// <summary>Where a rollout's traffic stands when it is sampled: the canary's share and the pods of each version.</summary>
public sealed record TrafficShape(double CanaryWeightPercent, int CanaryPods, int StablePods, DateTimeOffset? CanaryStartedAt);

/// <summary>One sample of both versions.</summary>
public sealed record WorkloadSample(TrafficScenario Scenario, VersionMetrics Canary, VersionMetrics Stable);

/// <summary>Both versions' counts from <see cref="Since"/> (the window's start, or the canary's when later) to the instant read.</summary>
public sealed record WorkloadCounts(DateTimeOffset Since, EvidenceInputs Inputs);
