namespace CanaryDashboard.Backtest;

/// <summary>
/// What one set of parameters and policy would have done to all the runs, against what really
/// happened (<see cref="RecordedRun.Truth"/>):
/// <list type="bullet">
/// <item>caught regression: a regression the replay aborts; missed regression: a regression it does
/// not abort within the recorded samples; false alarm: a healthy run it aborts;</item>
/// <item>time to detect: from the run's first sample to the would-be abort, median over caught regressions;</item>
/// <item>time to full weight: from the first sample to promotion to full weight, median over the runs
/// that got there.</item>
/// <item>without counts: runs stored before counts were kept; they replay as "no evidence" (hold) and
/// are counted in <see cref="NotJudged"/> whatever their truth.</item>
/// </list>
/// </summary>
public sealed record BacktestSummary(
    int Runs,
    int WouldAbort,
    int RecordedAborts,
    int CaughtRegressions,
    int FalseAlarms,
    int MissedRegressions,
    int HealthyPassed,
    int NotJudged,
    int ReachedFullWeight,
    TimeSpan? MedianTimeToDetect,
    TimeSpan? MedianTimeToFullWeight,
    int WithoutCounts = 0)
{
    public static BacktestSummary Of(IReadOnlyList<RunReplay> replays)
    {
        ArgumentNullException.ThrowIfNull(replays);
        int wouldAbort = 0, recordedAborts = 0, caught = 0, falseAlarms = 0, missed = 0, passed = 0, notJudged = 0, withoutCounts = 0;
        var detect = new List<double>();
        var full = new List<double>();
        foreach (var r in replays)
        {
            if (r.WouldAbort) wouldAbort++;
            if (!r.HasCounts) withoutCounts++;
            if (r.Run.Outcome == RecordedOutcome.Aborted) recordedAborts++;
            switch (r.Judgement)
            {
                case ReplayJudgement.CaughtRegression:
                    caught++;
                    detect.Add(r.AbortAfter!.Value.TotalSeconds);
                    break;
                case ReplayJudgement.FalseAlarm: falseAlarms++; break;
                case ReplayJudgement.MissedRegression: missed++; break;
                case ReplayJudgement.HealthyPassed: passed++; break;
                default: notJudged++; break;
            }
            if (r.FullWeightAfter is { } f) full.Add(f.TotalSeconds);
        }
        return new BacktestSummary(replays.Count, wouldAbort, recordedAborts, caught, falseAlarms, missed, passed, notJudged,
            full.Count, Median(detect), Median(full), withoutCounts);
    }

    /// <summary>The middle value; the mean of the two middle ones for an even count; null for none.</summary>
    public static TimeSpan? Median(List<double> seconds)
    {
        if (seconds.Count == 0) return null;
        seconds.Sort();
        var mid = seconds.Count / 2;
        var value = seconds.Count % 2 == 1 ? seconds[mid] : (seconds[mid - 1] + seconds[mid]) / 2;
        return TimeSpan.FromSeconds(value);
    }
}
