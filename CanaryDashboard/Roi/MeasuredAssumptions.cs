namespace CanaryDashboard.Roi;

/// <summary>The dynamic strategy's assumptions measured from recorded runs, or why they cannot be.</summary>
public sealed record MeasuredAssumptions(StrategyAssumptions? Assumptions, string? Unavailable, RolloutRunStatistics Statistics)
{
    /// <summary>
    /// rollback rate = aborted / runs; false-alarm rate = false-alarm aborts / runs (the seed's
    /// rate is per deployment); time to roll back = mean minutes from first breach to abort
    /// (the seed's "avg"). With aborts but no breach times the time is unknown, so nothing is
    /// measured rather than a zero invented; with no aborts the time does not enter the cost.
    /// </summary>
    public static MeasuredAssumptions From(RolloutRunStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        if (statistics.Runs <= 0)
            return new(null, "no recorded runs yet", statistics);
        if (statistics.AbortedRuns < 0 || statistics.AbortedRuns > statistics.Runs
            || statistics.FalseAlarmAborts < 0 || statistics.FalseAlarmAborts > statistics.AbortedRuns)
            return new(null, $"inconsistent statistics: {statistics.Runs} runs, {statistics.AbortedRuns} aborted, {statistics.FalseAlarmAborts} false alarms", statistics);

        double minutes;
        if (statistics.AbortedRuns == 0) minutes = 0;
        else if (statistics.MeanBreachToAbort is { } mean) minutes = mean.TotalMinutes;
        else return new(null, $"{statistics.AbortedRuns} aborted runs but none has a recorded breach time", statistics);

        double runs = statistics.Runs;
        return new(new StrategyAssumptions(statistics.AbortedRuns / runs, minutes, statistics.FalseAlarmAborts / runs), null, statistics);
    }
}
