using CanaryDashboard.Engine;

namespace CanaryDashboard.Polling.Decisions;

/// <summary>
/// Where a rollout stands, as far as a decision needs it (read from the adapter's snapshot): the
/// decision's input besides the engine's result. Pure data; the poller fills it every cycle.
/// </summary>
/// <param name="Revision">The canary's pod template hash: counters never carry over to a new revision.</param>
/// <param name="CurrentStepIndex"><c>status.currentStepIndex</c>; null before the first step.</param>
/// <param name="Rungs">The <c>setWeight</c> steps of the ladder, in <c>setWeight</c> units (of <paramref name="MaxWeight"/>).</param>
/// <param name="PausedOnLadderStep">Held by the controller on a <c>pause: {}</c> step (reason <c>CanaryPauseStep</c>): the only place an advance is sent.</param>
/// <param name="ManuallyPaused"><c>spec.paused</c>: a person paused it; Argo does not scale it, the loop never advances it (it still aborts on breach).</param>
/// <param name="Aborted"><c>status.abort</c>.</param>
/// <param name="FullyPromoted">No canary running: the desired version is the stable one.</param>
/// <param name="MaxWeight"><c>trafficRouting.maxTrafficWeight</c> (default 100): the unit of the rungs' <c>setWeight</c>.</param>
public sealed record RolloutPosition(
    string? Revision,
    int? CurrentStepIndex,
    IReadOnlyList<LadderRung> Rungs,
    bool PausedOnLadderStep,
    bool ManuallyPaused = false,
    bool Aborted = false,
    bool FullyPromoted = false,
    int MaxWeight = 100)
{
    /// <summary>
    /// Every step's kind by index (<c>setWeight</c>, <c>pause</c>, <c>analysis</c>, …). Empty when only the
    /// rungs are known (the backtest's replay): then nothing is taken to lie between two rungs.
    /// </summary>
    public IReadOnlyList<string> StepKinds { get; init; } = [];

    /// <summary>The reason of an inconclusive pause (<c>InconclusiveAnalysisRun</c>, <c>InconclusiveExperiment</c>), if Argo paused on one.</summary>
    public string? InconclusivePause { get; init; }

    /// <summary>The canary ReplicaSet against the replicas Argo wants for the current step; null when unknown (the replay has no ReplicaSets).</summary>
    public CanaryReplicas? Canary { get; init; }

    /// <summary>The <c>CanaryPauseStep</c> condition's <c>startTime</c>: when Argo finished the rung's setWeight step and paused.</summary>
    public DateTimeOffset? PauseStartedAt { get; init; }

    /// <summary>
    /// When the current rung started serving its weight at its desired replicas (<see cref="RungClock"/>):
    /// the start of the time at the rung, and where a metrics window judging this rung should start.
    /// Null when unknown: the minimum time at the rung then cannot pass.
    /// </summary>
    public DateTimeOffset? RungEnteredAt { get; init; }

    /// <summary>A rung's weight in percent (the engine's unit): <c>setWeight × 100 ÷ maxTrafficWeight</c>.</summary>
    public double Percent(LadderRung rung) => MaxWeight <= 0 ? rung.Weight : rung.Weight * 100.0 / MaxWeight;
}

/// <summary>
/// The canary ReplicaSet against the replicas Argo wants at the current step.
/// <paramref name="AtDesired"/> is the canary side of Argo's <c>AtDesiredReplicaCountsForCanary</c>
/// (utils/replicaset/canary.go): until it holds, Argo keeps routing the previous setWeight to the canary.
/// </summary>
public sealed record CanaryReplicas(int Desired, int Available, bool AtDesired);
