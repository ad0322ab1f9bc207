using CanaryDashboard.Data.Entities;
using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using Microsoft.EntityFrameworkCore;

namespace CanaryDashboard.Data.Writing;

/// <summary>
/// Keeps <see cref="RolloutRunRow"/>s in step with what the samples show: a new revision opens a
/// run (and supersedes a running one), the first breaching sample marks the breach, a successful
/// abort decision marks the abort time, and the rollout showing promoted or aborted closes the run.
/// Holds each rollout's latest run in memory between batches (one writer).
/// </summary>
internal sealed class RunTracker
{
    private readonly Dictionary<int, RolloutRunRow?> _latest = new();

    public void Forget() => _latest.Clear();

    public async Task ApplyAsync(CanaryDbContext db, IReadOnlyList<HistoryBatch> batches,
        IReadOnlyDictionary<RolloutKey, int> ids, CancellationToken cancellationToken)
    {
        // Decisions and samples of the same instant: the abort decision first, then what the
        // rollout shows. Everything in time order across the batches.
        var events = batches.SelectMany(b => b.Decisions.Select(d => (d.At, Order: 0, Decision: (DecisionRecord?)d, Sample: (SampleRecord?)null))
                .Concat(b.Samples.Select(s => (s.At, Order: 1, Decision: (DecisionRecord?)null, Sample: (SampleRecord?)s))))
            .OrderBy(e => e.At).ThenBy(e => e.Order);

        foreach (var e in events)
        {
            if (e.Decision is { Action: DecisionAction.Abort, Sent.Succeeded: true } abort)
            {
                var run = await LatestAsync(db, ids[abort.Rollout], cancellationToken);
                if (run is { Outcome: RunOutcome.Running, AbortedAt: null })
                {
                    run.AbortedAt = abort.At;
                    Track(db, run);
                }
            }
            else if (e.Sample is { Run: { } seen } sample)
            {
                await ObserveAsync(db, ids[sample.Rollout], sample, seen, cancellationToken);
            }
        }
    }

    private async Task ObserveAsync(CanaryDbContext db, int rolloutId, SampleRecord sample, RunObservation seen, CancellationToken cancellationToken)
    {
        var run = await LatestAsync(db, rolloutId, cancellationToken);
        var sameRevision = run is not null && run.Revision == seen.Revision;
        var startsNew = run is null || !sameRevision
            // A retry after an abort runs the same revision again: a new run.
            || (run.Outcome == RunOutcome.Aborted && seen.State == RunOutcome.Running);

        if (startsNew)
        {
            // A revision first seen fully promoted was never watched in a canary: nothing to record.
            if (seen.State == RunOutcome.Promoted && !sameRevision)
                return;
            if (run is { Outcome: RunOutcome.Running })
            {
                run.Outcome = RunOutcome.Superseded;
                run.EndedAt = sample.At;
                Track(db, run);
            }
            run = new RolloutRunRow { RolloutId = rolloutId, Revision = seen.Revision, StartedAt = sample.At };
            _latest[rolloutId] = run;
            Track(db, run);
        }

        if (run!.Outcome != RunOutcome.Running)
            return;
        if (sample.Engine.Verdict == Verdict.Breach && run.FirstBreachAt is null)
        {
            run.FirstBreachAt = sample.At;
            Track(db, run);
        }
        if (seen.State is RunOutcome.Aborted)
        {
            run.Outcome = RunOutcome.Aborted;
            run.AbortedAt ??= sample.At;
            run.EndedAt = sample.At;
            if (run.FirstBreachAt is { } breach)
                run.BreachToAbortSeconds = Math.Max(0, (run.AbortedAt.Value - breach).TotalSeconds);
            Track(db, run);
        }
        else if (seen.State is RunOutcome.Promoted)
        {
            run.Outcome = RunOutcome.Promoted;
            run.EndedAt = sample.At;
            Track(db, run);
        }
    }

    private async Task<RolloutRunRow?> LatestAsync(CanaryDbContext db, int rolloutId, CancellationToken cancellationToken)
    {
        if (_latest.TryGetValue(rolloutId, out var cached))
            return cached;
        var latest = await db.RolloutRuns.AsNoTracking()
            .Where(r => r.RolloutId == rolloutId)
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        _latest[rolloutId] = latest;
        return latest;
    }

    private static void Track(CanaryDbContext db, RolloutRunRow run)
    {
        var entry = db.Entry(run);
        if (entry.State == EntityState.Detached)
            entry.State = run.Id == 0 ? EntityState.Added : EntityState.Modified;
    }
}
