using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Data.Queries;
using CanaryDashboard.Model;

namespace CanaryDashboard.Backtest.Library;

/// <summary>
/// Reads recorded runs and their raw samples from the run storage (SQLite). Runs whose raw samples
/// are gone (past the raw retention, folded into minute aggregates) have nothing to replay and are
/// left out; stored runs carry no label, so their truth comes from the outcome.
/// <para>Each sample stores the evidence's counts since its window's start (<c>SampleEvidence.Counts</c>,
/// <see cref="EvidenceCountsCodec"/>); <see cref="WindowedCounts.ToRecordedCounts"/> turns them into counts
/// since the run's start, so the replay can take its own rung entries. Runs recorded before the counts were
/// stored (or whose histograms changed buckets mid-run) replay as "no evidence" (hold, not judged;
/// <see cref="BacktestSummary.WithoutCounts"/>).</para>
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
                counts: CountsOf(rows)));
        }
        return runs;
    }

    /// <summary>The run's counts since its start, from each sample's counts since its window's start; null when none can be read.</summary>
    internal static RecordedCounts? CountsOf(IReadOnlyList<SampleRow> rows)
    {
        double[]? bounds = null;
        var canary = new WindowedCount[rows.Count];
        var stable = new WindowedCount[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var since = rows[i].Evidence.Since ?? rows[i].At;
            var inputs = EvidenceCountsCodec.TryDecode(rows[i].Evidence.Counts);
            bounds ??= inputs?.Canary.Latency?.FiniteBounds.ToArray();
            canary[i] = new WindowedCount(since, inputs is null || bounds is null ? null : Row(inputs.Canary, bounds));
            stable[i] = new WindowedCount(since, inputs is null || bounds is null ? null : Row(inputs.Stable, bounds));
            // A sample whose versions cannot both be laid out on the run's buckets is not read at all.
            if (canary[i].Values is null || stable[i].Values is null)
                (canary[i], stable[i]) = (canary[i] with { Values = null }, stable[i] with { Values = null });
        }
        return bounds is null ? null : WindowedCounts.ToRecordedCounts(bounds, canary, stable);
    }

    /// <summary>requests, errors, the cumulative count at each of the run's bounds, the total; null when the histogram has other bounds.</summary>
    private static double[]? Row(VersionCounts counts, double[] bounds)
    {
        if (counts.Latency is not { } histogram || !double.IsFinite(counts.Requests) || !double.IsFinite(counts.Errors)
            || !histogram.FiniteBounds.SequenceEqual(bounds))
            return null;
        var row = new double[bounds.Length + 3];
        row[0] = counts.Requests;
        row[1] = counts.Errors;
        for (var b = 0; b < bounds.Length; b++) row[2 + b] = histogram.CumulativeCounts[b];
        row[^1] = histogram.Total;
        return row;
    }
}
