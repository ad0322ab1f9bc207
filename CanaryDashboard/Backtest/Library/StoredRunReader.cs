using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Queries;
using CanaryDashboard.Model;

namespace CanaryDashboard.Backtest.Library;

/// <summary>
/// Reads recorded runs and their raw samples from the run storage (SQLite). Runs whose raw samples
/// are gone (past the raw retention, folded into minute aggregates) have nothing to replay and are
/// left out; stored runs carry no label, so their truth comes from the outcome.
/// <para>The run storage has no counts yet (a column is being added): every stored run is read without
/// them and replays as "no evidence" (hold, not judged; <see cref="BacktestSummary.WithoutCounts"/>).
/// Once the samples carry their counts since the evidence window's start, build them per run with
/// <see cref="WindowedCounts.ToRecordedCounts"/> and pass them as the run's counts.</para>
/// </summary>
public sealed class StoredRunReader(HistoryQueries history)
{
    /// <summary>The newest runs first, at most this many.</summary>
    public const int MaxRuns = 1_000;

    public async Task<IReadOnlyList<RecordedRun>> ReadAsync(CancellationToken cancellationToken)
    {
        var views = new List<RunView>();
        Cursor? after = null;
        do
        {
            var page = await history.GetRunsAsync(null, null, 500, after, cancellationToken);
            views.AddRange(page.Items);
            after = page.NextCursor is { } next && Cursor.TryParse(next, out var c) ? c : null;
        }
        while (after is not null && views.Count < MaxRuns);

        var runs = new List<RecordedRun>();
        foreach (var view in views.Take(MaxRuns))
        {
            var rows = await history.GetRunSamplesAsync(view.Id, cancellationToken);
            if (rows is null || rows.Count == 0) continue;
            var samples = new ReplaySample[rows.Count];
            for (var i = 0; i < samples.Length; i++)
            {
                var v = rows[i].Values;
                samples[i] = ReplaySample.From((rows[i].At - view.StartedAt).TotalSeconds, v.CanaryP99, v.StableP99, v.CanaryErrorRate,
                    v.StableErrorRate, v.CanaryRequests, v.StableRequests);
            }
            var outcome = Enum.TryParse<RecordedOutcome>(view.Outcome, out var o) ? o : RecordedOutcome.Running;
            var abortAfter = view.AbortedAt is { } aborted ? aborted - view.StartedAt : (TimeSpan?)null;
            runs.Add(new RecordedRun($"stored-{view.Id}", new RolloutKey(view.Namespace, view.Name), view.Revision, view.StartedAt, samples,
                outcome, label: null, description: $"recorded {view.StartedAt:yyyy-MM-dd HH:mm}", recordedAbortAfter: abortAfter,
                counts: null));   // no stored counts yet: see the class comment
        }
        return runs;
    }
}
