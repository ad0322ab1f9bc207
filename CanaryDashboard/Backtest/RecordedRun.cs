using CanaryDashboard.Model;

namespace CanaryDashboard.Backtest;

/// <summary>How a recorded run really ended (the run storage's outcome).</summary>
public enum RecordedOutcome
{
    Running,
    Promoted,
    Aborted,
    /// <summary>A newer revision replaced it before it was promoted or aborted.</summary>
    Superseded,
}

/// <summary>What a run really was, for judging a backtest.</summary>
public enum RunTruth
{
    /// <summary>Neither a label nor the outcome says: the run is replayed but not judged.</summary>
    Unknown,
    Healthy,
    Regression,
}

/// <summary>
/// One past canary run of one revision: its samples in time order and how it really ended.
/// <see cref="Label"/> is what a person (or the simulator that made the run) knows it was; when
/// absent, the truth is taken from the outcome (see <see cref="Truth"/>).
/// </summary>
public sealed class RecordedRun
{
    public RecordedRun(string id, RolloutKey rollout, string revision, DateTimeOffset startedAt, ReplaySample[] samples,
        RecordedOutcome outcome, RunTruth? label = null, string? description = null, TimeSpan? recordedAbortAfter = null,
        RecordedCounts? counts = null)
    {
        if (counts is not null && counts.Samples != samples.Length)
            throw new ArgumentException($"run {id}: {counts.Samples} rows of counts for {samples.Length} samples", nameof(counts));
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(samples);
        for (var i = 1; i < samples.Length; i++)
        {
            if (!(samples[i].OffsetSeconds >= samples[i - 1].OffsetSeconds))
                throw new ArgumentException($"run {id}: sample {i} is earlier than sample {i - 1}; samples must be in time order", nameof(samples));
        }
        Id = id;
        Rollout = rollout;
        Revision = revision;
        StartedAt = startedAt;
        Samples = samples;
        Outcome = outcome;
        Label = label;
        Description = description;
        RecordedAbortAfter = recordedAbortAfter;
        Counts = counts;
    }

    public string Id { get; }
    public RolloutKey Rollout { get; }
    public string Revision { get; }
    public DateTimeOffset StartedAt { get; }
    public ReplaySample[] Samples { get; }
    public RecordedOutcome Outcome { get; }

    /// <summary>
    /// Requests, errors and latency buckets per version, cumulative since the run's start, one row per
    /// sample: what the replay weighs as evidence. Null for runs stored before counts were kept: they
    /// replay as "no evidence" (hold) and are not judged.
    /// </summary>
    public RecordedCounts? Counts { get; }

    /// <summary>Healthy or regression when known from outside the run (simulator scenario, a person's verdict).</summary>
    public RunTruth? Label { get; }

    /// <summary>What the run was, in words (e.g. "latency +35 %"); null when unknown.</summary>
    public string? Description { get; }

    /// <summary>When the recorded run was aborted, after its start; null when it was not.</summary>
    public TimeSpan? RecordedAbortAfter { get; }

    /// <summary>
    /// What really happened: the <see cref="Label"/> when there is one; otherwise an aborted run is
    /// taken as a regression (someone or something judged it bad), a promoted one as healthy, and a
    /// running or superseded one as unknown.
    /// </summary>
    public RunTruth Truth => Label ?? Outcome switch
    {
        RecordedOutcome.Aborted => RunTruth.Regression,
        RecordedOutcome.Promoted => RunTruth.Healthy,
        _ => RunTruth.Unknown,
    };

    public TimeSpan Duration => Samples.Length == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Samples[^1].OffsetSeconds);
}
