using CanaryDashboard.Engine;

namespace CanaryDashboard.Polling.Decisions;

/// <summary>
/// Where a rollout stands, as far as a decision needs it (read from the adapter's snapshot).
/// </summary>
/// <param name="Revision">The canary's pod template hash: counters never carry over to a new revision.</param>
/// <param name="CurrentStepIndex"><c>status.currentStepIndex</c>; null before the first step.</param>
/// <param name="Rungs">The <c>setWeight</c> steps of the ladder.</param>
/// <param name="PausedOnLadderStep">Held by the controller on a <c>pause: {}</c> step (reason <c>CanaryPauseStep</c>): the only place an advance is sent.</param>
/// <param name="ManuallyPaused"><c>spec.paused</c>: a person paused it; the loop never advances it (it still aborts on breach).</param>
/// <param name="Aborted"><c>status.abort</c>.</param>
/// <param name="FullyPromoted">No canary running: the desired version is the stable one.</param>
/// <param name="MaxWeight">The rollout's full weight (<c>maxTrafficWeight</c>, default 100).</param>
public sealed record RolloutPosition(
    string? Revision,
    int? CurrentStepIndex,
    IReadOnlyList<LadderRung> Rungs,
    bool PausedOnLadderStep,
    bool ManuallyPaused = false,
    bool Aborted = false,
    bool FullyPromoted = false,
    int MaxWeight = 100);
