using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Queries;

namespace CanaryDashboard.Tests.Data;

/// <summary>The ROI page's measured mode reads recorded runs from a real SQLite file.</summary>
public sealed class RolloutRunStatisticsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Counts_runs_aborts_and_false_alarms_with_median_and_mean_detection_times()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.Open())
        {
            var shop = new RolloutRow { Namespace = "prod", Name = "shop" };
            var cart = new RolloutRow { Namespace = "prod", Name = "cart" };
            db.Rollouts.AddRange(shop, cart);
            await db.SaveChangesAsync();
            db.RolloutRuns.AddRange(
                Run(shop, "a1", T0, RunOutcome.Aborted, breachToAbort: 10),
                Run(shop, "a1", T0.AddHours(1), RunOutcome.Promoted),            // a1 retried and promoted: its abort was a false alarm
                Run(cart, "b1", T0.AddHours(2), RunOutcome.Aborted, breachToAbort: 30),
                Run(cart, "b2", T0.AddHours(3), RunOutcome.Aborted, breachToAbort: 50),
                Run(cart, "b3", T0.AddHours(4), RunOutcome.Promoted),
                Run(cart, "b4", T0.AddHours(5), RunOutcome.Running),             // not finished: left out
                Run(cart, "b0", T0.AddDays(-40), RunOutcome.Aborted, breachToAbort: 999)); // outside the period
            await db.SaveChangesAsync();
        }

        var stats = await new RolloutRunStatisticsQuery(database.Contexts).GetAsync(T0.AddDays(-30), T0.AddDays(1));

        // Finished runs in the period: a1 (aborted), a1 (promoted), b1, b2 (aborted), b3 (promoted) = 5.
        Assert.Equal(5, stats.Runs);
        Assert.Equal(3, stats.AbortedRuns);
        Assert.Equal(1, stats.FalseAlarmAborts);
        // Detection times 10, 30, 50 s: median 30 s, mean 30 s.
        Assert.Equal(TimeSpan.FromSeconds(30), stats.MedianBreachToAbort);
        Assert.Equal(TimeSpan.FromSeconds(30), stats.MeanBreachToAbort);
    }

    [Fact]
    public async Task No_finished_runs_give_no_statistics()
    {
        await using var database = await TestDatabase.CreateAsync();
        var stats = await new RolloutRunStatisticsQuery(database.Contexts).GetAsync(T0.AddDays(-30), T0);
        Assert.Equal(0, stats.Runs);
        Assert.Null(stats.MedianBreachToAbort);
    }

    private static RolloutRunRow Run(RolloutRow rollout, string revision, DateTimeOffset start, RunOutcome outcome, double? breachToAbort = null) => new()
    {
        RolloutId = rollout.Id,
        Revision = revision,
        StartedAt = start,
        EndedAt = outcome == RunOutcome.Running ? null : start.AddMinutes(10),
        Outcome = outcome,
        BreachToAbortSeconds = breachToAbort,
        FirstBreachAt = breachToAbort is null ? null : start.AddMinutes(5),
        AbortedAt = breachToAbort is null ? null : start.AddMinutes(5).AddSeconds(breachToAbort.Value),
    };
}
