namespace CanaryDashboard.Roi;

/// <summary>
/// Counts over the rollout runs recorded in a period, as the ROI page's measured mode needs them.
/// A false alarm is an abort of a release later judged healthy (retried unchanged and promoted).
/// </summary>
/// <param name="Runs">Rollout runs that started in the period.</param>
/// <param name="AbortedRuns">Of those, runs that ended aborted (by the engine or by hand).</param>
/// <param name="FalseAlarmAborts">Of the aborts, those that were false alarms.</param>
/// <param name="MedianBreachToAbort">Median time from the first breach to the abort, over aborts with a breach; null when none.</param>
/// <param name="MeanBreachToAbort">Mean of the same; null when none.</param>
public sealed record RolloutRunStatistics(
    int Runs,
    int AbortedRuns,
    int FalseAlarmAborts,
    TimeSpan? MedianBreachToAbort,
    TimeSpan? MeanBreachToAbort)
{
    public static RolloutRunStatistics None { get; } = new(0, 0, 0, null, null);
}
