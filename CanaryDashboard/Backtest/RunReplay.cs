namespace CanaryDashboard.Backtest;

/// <summary>Time the replayed canary spent on one rung (or at full weight, where the replay ends).</summary>
public readonly record struct RungVisit(int Weight, TimeSpan EnteredAfter, TimeSpan Duration);

/// <summary>How a replay ended.</summary>
public enum ReplayEnd
{
    /// <summary>M breaches in a row: the replay would have aborted.</summary>
    Aborted,
    /// <summary>The ladder was climbed and the canary taken to full weight.</summary>
    FullWeight,
    /// <summary>The recorded samples ran out first: neither aborted nor at full weight.</summary>
    RecordingEnded,
}

/// <summary>A replayed run judged against what really happened.</summary>
public enum ReplayJudgement
{
    /// <summary>A regression the replay aborted.</summary>
    CaughtRegression,
    /// <summary>A healthy run the replay aborted.</summary>
    FalseAlarm,
    /// <summary>A regression the replay did not abort within the recorded samples.</summary>
    MissedRegression,
    /// <summary>A healthy run the replay did not abort.</summary>
    HealthyPassed,
    /// <summary>
    /// Nothing says what the run really was (no label, running or superseded), or the run has no
    /// counts (stored before they were kept): with no evidence the replay can only hold.
    /// </summary>
    NotJudged,
}

/// <summary>
/// What one set of parameters and policy would have done to one recorded run. Times are after the
/// run's first sample. <see cref="Breaches"/> and <see cref="FirstBreachAfter"/> count polls whose
/// evidence showed a breach; <see cref="InsufficientData"/> polls with no evidence or not enough.
/// </summary>
public sealed record RunReplay(
    RecordedRun Run,
    ReplayEnd End,
    TimeSpan? AbortAfter,
    TimeSpan? FirstBreachAfter,
    TimeSpan? FullWeightAfter,
    int HighestWeight,
    RungVisit[] Rungs,
    int Breaches,
    int InsufficientData)
{
    public bool WouldAbort => End == ReplayEnd.Aborted;

    /// <summary>Whether the run carries counts to weigh as evidence; without them the replay holds and is not judged.</summary>
    public bool HasCounts => Run.Counts is not null;

    public ReplayJudgement Judgement => (HasCounts ? Run.Truth : RunTruth.Unknown, WouldAbort) switch
    {
        (RunTruth.Regression, true) => ReplayJudgement.CaughtRegression,
        (RunTruth.Regression, false) => ReplayJudgement.MissedRegression,
        (RunTruth.Healthy, true) => ReplayJudgement.FalseAlarm,
        (RunTruth.Healthy, false) => ReplayJudgement.HealthyPassed,
        _ => ReplayJudgement.NotJudged,
    };
}
