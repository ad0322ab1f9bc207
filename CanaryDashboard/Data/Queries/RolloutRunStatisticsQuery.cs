using CanaryDashboard.Data.Entities;
using CanaryDashboard.Roi;
using Microsoft.EntityFrameworkCore;

namespace CanaryDashboard.Data.Queries;

/// <summary>
/// The ROI page's measured mode, from recorded rollout runs. A <em>false alarm</em> is an aborted
/// run whose very revision was promoted later (someone retried it and it went through): the
/// canary was fine and the abort cost a rollback for nothing. Runs still in progress are left out.
/// </summary>
public sealed class RolloutRunStatisticsQuery(IDbContextFactory<CanaryDbContext> contexts) : IRolloutRunStatistics
{
    public async Task<RolloutRunStatistics> GetAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.RolloutRuns.AsNoTracking()
            .Where(r => r.StartedAt >= from && r.StartedAt < to && r.Outcome != RunOutcome.Running)
            .ToListAsync(cancellationToken);
        if (runs.Count == 0)
            return RolloutRunStatistics.None;

        var promoted = await db.RolloutRuns.AsNoTracking()
            .Where(r => r.Outcome == RunOutcome.Promoted)
            .Select(r => new { r.RolloutId, r.Revision, r.StartedAt })
            .ToListAsync(cancellationToken);

        var aborted = runs.Where(r => r.Outcome == RunOutcome.Aborted).ToList();
        var falseAlarms = aborted.Count(a => promoted.Any(p => p.RolloutId == a.RolloutId && p.Revision == a.Revision && p.StartedAt >= a.StartedAt));
        var detection = aborted.Where(a => a.BreachToAbortSeconds is not null)
            .Select(a => a.BreachToAbortSeconds!.Value).Order().ToArray();

        return new RolloutRunStatistics(
            runs.Count,
            aborted.Count,
            falseAlarms,
            detection.Length == 0 ? null : TimeSpan.FromSeconds(Median(detection)),
            detection.Length == 0 ? null : TimeSpan.FromSeconds(detection.Average()));
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
