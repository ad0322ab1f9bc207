using CanaryDashboard.Engine;
using CanaryDashboard.Model;

namespace CanaryDashboard.Metrics;

/// <summary>Canary and stable metrics of one rollout at one instant, with whatever was missing and why.</summary>
public sealed record MetricsReading(
    RolloutKey Rollout,
    DateTimeOffset At,
    VersionMetrics Canary,
    VersionMetrics Stable,
    IReadOnlyList<string> Problems)
{
    public EngineInputs ToEngineInputs() => new(
        Canary.P99Seconds, Stable.P99Seconds, Canary.ErrorRate, Stable.ErrorRate, Canary.Requests, Stable.Requests);
}
