using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Model;
using CanaryDashboard.Polling.Decisions;

namespace CanaryDashboard.Polling;

/// <summary>What one poll cycle saw, decided and sent (for logs, tests and the benchmark).</summary>
public sealed record PollCycleReport(
    DateTimeOffset At,
    TimeSpan Duration,
    int Rollouts,
    bool MetricsAvailable,
    string? Skipped,
    IReadOnlyList<PolledRollout> Polled)
{
    public IEnumerable<PolledRollout> Sent => Polled.Where(p => p.Outcome is not null);
}

/// <summary>
/// One rollout in one cycle: the engine's result, the decision and, when one was sent, the action's
/// outcome; <see cref="Position"/> is where the rollout stood when it was decided (the decision's input).
/// </summary>
public sealed record PolledRollout(
    RolloutKey Rollout, RolloutPolicy Policy, EngineResult Engine, RolloutDecision Decision, ActionOutcome? Outcome, RolloutPosition? Position = null)
{
    /// <summary>The evidence since the rung's entry the decision weighed; null when no counts could be read.</summary>
    public EvidenceAssessment? Evidence { get; init; }
}

/// <summary>The loop's counters since start.</summary>
public sealed record PollerStats(
    long Cycles,
    long FailedCycles,
    long SkippedCycles,
    int ConsecutiveFailures,
    long ActionsSent,
    DateTimeOffset? LastCycleAt,
    TimeSpan? LastCycleDuration,
    string? LastError);
