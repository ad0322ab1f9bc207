using CanaryDashboard.Data.Entities;
using CanaryDashboard.Model;
using Microsoft.EntityFrameworkCore;

namespace CanaryDashboard.Data.Queries;

/// <summary>
/// Reads history for the API and the pages: a rollout's samples over a time range (raw where
/// kept, 1-minute aggregates beyond), its decisions and audit log newest first, and rollout runs.
/// Every list is keyset-paged with an opaque cursor. A method returns null when the rollout is unknown.
/// </summary>
public sealed class HistoryQueries(IDbContextFactory<CanaryDbContext> contexts)
{
    public const int MaxLimit = 20_000;

    /// <summary>Points with <c>from ≤ time &lt; to</c> (an aggregate counts when its minute overlaps), oldest first.</summary>
    public async Task<Page<SamplePoint>?> GetSamplesAsync(RolloutKey rollout, DateTimeOffset from, DateTimeOffset to, int limit,
        Cursor? after, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await RolloutIdAsync(db, rollout, cancellationToken) is not { } id)
            return null;

        // The pruner folds a minute and deletes its raw samples in one transaction, so the two sets
        // never overlap: aggregates (rank 0) and raw samples (rank 1) merge by time.
        var aggregates = db.MinuteAggregates.AsNoTracking()
            .Where(a => a.RolloutId == id && a.Minute > from.AddMinutes(-1) && a.Minute < to);
        var samples = db.Samples.AsNoTracking().Where(s => s.RolloutId == id && s.At >= from && s.At < to);
        if (after is { } c)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(c.At);
            aggregates = c.Rank == 0
                ? aggregates.Where(a => a.Minute > at || (a.Minute == at && a.Id > c.Id))
                : aggregates.Where(a => a.Minute > at);
            samples = c.Rank == 0
                ? samples.Where(s => s.At >= at)
                : samples.Where(s => s.At > at || (s.At == at && s.Id > c.Id));
        }

        var folded = await aggregates.OrderBy(a => a.Minute).ThenBy(a => a.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var raw = folded.Count > limit
            ? []
            : await samples.OrderBy(s => s.At).ThenBy(s => s.Id).Take(limit + 1 - folded.Count).ToListAsync(cancellationToken);

        var points = new List<(Cursor Key, SamplePoint Point)>(folded.Count + raw.Count);
        points.AddRange(folded.Select(a => (new Cursor(a.Minute.ToUnixTimeMilliseconds(), 0, a.Id), ToPoint(a))));
        points.AddRange(raw.Select(s => (new Cursor(s.At.ToUnixTimeMilliseconds(), 1, s.Id), ToPoint(s))));
        points.Sort((x, y) => x.Key.IsBefore(y.Key) ? -1 : y.Key.IsBefore(x.Key) ? 1 : 0);
        return ToPage(points, limit);
    }

    /// <summary>A rollout's decisions, newest first.</summary>
    public async Task<Page<DecisionView>?> GetDecisionsAsync(RolloutKey rollout, int limit, Cursor? after, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await RolloutIdAsync(db, rollout, cancellationToken) is not { } id)
            return null;
        var query = db.Decisions.AsNoTracking().Where(d => d.RolloutId == id);
        if (after is { } c)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(c.At);
            query = query.Where(d => d.At < at || (d.At == at && d.Id < c.Id));
        }
        var rows = await query.OrderByDescending(d => d.At).ThenByDescending(d => d.Id).Take(limit + 1).ToListAsync(cancellationToken);
        return ToPage(rows.Select(d => (new Cursor(d.At.ToUnixTimeMilliseconds(), 0, d.Id), new DecisionView(
            d.Id, d.At, d.Policy.ToString(), d.Verdict.ToString(), d.SafeWeight, d.EngineWeight, d.LatencyDelta, d.ErrorDelta,
            d.EngineReason, d.Rule, d.Action.ToString(), d.TargetWeight, d.TargetStepIndex, d.PatchTarget, d.PatchBody,
            d.PatchOutcome, d.PatchSucceeded, d.Origin()))).ToList(), limit);
    }

    /// <summary>A rollout's audit log (actions by users and the poller), newest first.</summary>
    public async Task<Page<AuditView>?> GetAuditAsync(RolloutKey rollout, int limit, Cursor? after, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await RolloutIdAsync(db, rollout, cancellationToken) is not { } id)
            return null;
        var query = db.AuditLog.AsNoTracking().Where(a => a.RolloutId == id);
        if (after is { } c)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(c.At);
            query = query.Where(a => a.At < at || (a.At == at && a.Id < c.Id));
        }
        var rows = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(limit + 1).ToListAsync(cancellationToken);
        return ToPage(rows.Select(a => (new Cursor(a.At.ToUnixTimeMilliseconds(), 0, a.Id),
            new AuditView(a.Id, a.At, a.User, a.Action, a.Outcome, a.PatchTarget, a.PatchBody, a.KubectlCommand, a.Error))).ToList(), limit);
    }

    /// <summary>Recorded rollout runs, newest start first, optionally of one namespace and/or one outcome.</summary>
    public async Task<Page<RunView>> GetRunsAsync(string? @namespace, RunOutcome? outcome, int limit, Cursor? after, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = from run in db.RolloutRuns.AsNoTracking()
                    join r in db.Rollouts.AsNoTracking() on run.RolloutId equals r.Id
                    select new { run, r.Namespace, r.Name };
        if (@namespace is not null)
            query = query.Where(x => x.Namespace == @namespace);
        if (outcome is { } o)
            query = query.Where(x => x.run.Outcome == o);
        if (after is { } c)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(c.At);
            query = query.Where(x => x.run.StartedAt < at || (x.run.StartedAt == at && x.run.Id < c.Id));
        }
        var rows = await query.OrderByDescending(x => x.run.StartedAt).ThenByDescending(x => x.run.Id).Take(limit + 1).ToListAsync(cancellationToken);
        return ToPage(rows.Select(x => (new Cursor(x.run.StartedAt.ToUnixTimeMilliseconds(), 0, x.run.Id), new RunView(
            x.run.Id, x.Namespace, x.Name, x.run.Revision, x.run.StartedAt, x.run.EndedAt, x.run.Outcome.ToString(),
            x.run.FirstBreachAt, x.run.AbortedAt, x.run.BreachToAbortSeconds))).ToList(), limit);
    }

    /// <summary>The raw samples of one recorded run (what a backtest replays), oldest first; null when the run is unknown.</summary>
    public async Task<IReadOnlyList<SampleRow>?> GetRunSamplesAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.RolloutRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
            return null;
        var query = db.Samples.AsNoTracking().Where(s => s.RolloutId == run.RolloutId && s.At >= run.StartedAt);
        if (run.EndedAt is { } end)
            query = query.Where(s => s.At <= end);
        return await query.OrderBy(s => s.At).ThenBy(s => s.Id).ToListAsync(cancellationToken);
    }

    private static Task<int?> RolloutIdAsync(CanaryDbContext db, RolloutKey rollout, CancellationToken cancellationToken) =>
        db.Rollouts.Where(r => r.Namespace == rollout.Namespace && r.Name == rollout.Name)
            .Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);

    private static Page<T> ToPage<T>(List<(Cursor Key, T Item)> rows, int limit) =>
        rows.Count > limit
            ? new Page<T>(rows.Take(limit).Select(r => r.Item).ToList(), rows[limit - 1].Key.ToString())
            : new Page<T>(rows.Select(r => r.Item).ToList(), null);

    private static SamplePoint ToPoint(SampleRow s) =>
        new(s.At, "raw", s.Values, s.StepIndex, s.Verdict.ToString(), s.Reason, 1, Profile: s.Origin(), Evidence: EvidencePoint.Of(s.Evidence));

    private static SamplePoint ToPoint(MinuteAggregateRow a) =>
        new(a.Minute, "1m", a.Avg, a.MaxStepIndex, null, null, a.SampleCount,
            new VerdictCounts(a.ProceedCount, a.BreachCount, a.InsufficientDataCount), a.Min, a.Max);
}
