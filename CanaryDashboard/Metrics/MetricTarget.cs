using CanaryDashboard.Model;

namespace CanaryDashboard.Metrics;

/// <summary>
/// Where one rollout's traffic is found in the metrics backend: the value of the rollout (job)
/// label and the version label values of canary and stable.
/// </summary>
public sealed record MetricTarget(RolloutKey Rollout, string Job, string CanaryVersion, string StableVersion);
