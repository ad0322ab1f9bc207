namespace CanaryDashboard.Polling.Decisions;

/// <summary>
/// What one rollout's decisions remember between polls. Tied to one revision and one step: a new
/// revision starts from <see cref="Initial"/>, a step change restarts the advance streak.
/// </summary>
/// <param name="Revision">The revision these counters belong to.</param>
/// <param name="StepIndex">The step the advance streak was counted on.</param>
/// <param name="ConsecutiveBreaches">Breaching polls in a row (insufficient data neither counts nor breaks it).</param>
/// <param name="ConsecutiveAdvancePolls">Polls in a row on this step whose safe weight allowed the next rung (or, on the last rung with auto promotion allowed, full weight).</param>
public sealed record DecisionCounters(
    string? Revision,
    int? StepIndex,
    int ConsecutiveBreaches,
    int ConsecutiveAdvancePolls)
{
    public static DecisionCounters Initial { get; } = new(null, null, 0, 0);
}
