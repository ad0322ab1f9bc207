using CanaryDashboard.Data.Queries;
using CanaryDashboard.Data.Retention;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Data;

/// <summary>
/// Retention on a fake clock: raw samples past the raw retention become exact 1-minute aggregates
/// and disappear, old aggregates are deleted, and the background loop runs on the clock's ticks.
/// </summary>
public sealed class RetentionTests
{
    private static readonly RolloutKey Shop = new("prod", "shop");
    private static readonly RolloutKey Cart = new("prod", "cart");

    private static HistoryPruner Pruner(TestDatabase database, TimeProvider clock) =>
        new(database.Contexts, database.Options, clock, NullLogger<HistoryPruner>.Instance);

    /// <summary>Samples every 10 s for <paramref name="hours"/> from T0; canary p99 rises by 1 ms per sample within each minute.</summary>
    private static async Task<int> IngestAsync(TestDatabase database, double hours, params RolloutKey[] rollouts)
    {
        var store = new HistoryBatchStore(database.Contexts);
        var count = (int)(hours * 360);
        for (var start = 0; start < count; start += 500)
        {
            var samples = new List<SampleRecord>();
            for (var i = start; i < Math.Min(count, start + 500); i++)
            {
                var at = Records.T0.AddSeconds(10 * i);
                foreach (var rollout in rollouts)
                    samples.Add(i % 6 == 5 ? Records.Breach(rollout, at) : Records.Sample(rollout, at, canaryP99: 0.100 + (i % 6) / 1000.0, step: i / 360));
            }
            await store.WriteAsync([new HistoryBatch(samples)], CancellationToken.None);
        }
        return count;
    }

    [Fact]
    public async Task Samples_older_than_the_raw_retention_become_exact_minute_aggregates_and_are_deleted()
    {
        await using var database = await TestDatabase.CreateAsync();
        var perRollout = await IngestAsync(database, 26, Shop, Cart);            // T0 … T0+26h
        var clock = new FakeTimeProvider(Records.T0.AddHours(26).AddSeconds(30)); // raw cutoff: T0+2h00m30s → whole minutes before T0+2h

        var result = await Pruner(database, clock).PruneOnceAsync(CancellationToken.None);

        Assert.Equal(Records.T0.AddHours(2), result.RawCutoff);
        Assert.Equal(2 * 120 * 6, result.SamplesFolded);
        Assert.Equal(2 * 120, result.MinutesWritten);
        await using var db = database.Open();
        Assert.False(await db.Samples.AnyAsync(s => s.At < Records.T0.AddHours(2)));
        Assert.Equal(2 * (perRollout - 720), await db.Samples.CountAsync());

        var shopId = await db.Rollouts.Where(r => r.Name == "shop").Select(r => r.Id).SingleAsync();
        var minutes = await db.MinuteAggregates.Where(a => a.RolloutId == shopId).OrderBy(a => a.Minute).ToListAsync();
        Assert.Equal(120, minutes.Count);
        Assert.Equal(Records.T0, minutes[0].Minute);
        Assert.Equal(Records.T0.AddMinutes(119), minutes[^1].Minute);
        var first = minutes[0];
        // Five samples at 100…104 ms and one breach at 200 ms.
        Assert.Equal((6, 5, 1, 0), (first.SampleCount, first.ProceedCount, first.BreachCount, first.InsufficientDataCount));
        Assert.Equal(0.100, first.Min.CanaryP99!.Value, 9);
        Assert.Equal(0.200, first.Max.CanaryP99!.Value, 9);
        Assert.Equal((0.100 + 0.101 + 0.102 + 0.103 + 0.104 + 0.200) / 6, first.Avg.CanaryP99!.Value, 9);
        Assert.Equal(50, first.Avg.CanaryPoolMax);
        Assert.Equal(1, minutes[60].MaxStepIndex);

        // Nothing is lost: every sample is either raw or counted in a minute.
        var folded = await db.MinuteAggregates.SumAsync(a => a.SampleCount);
        Assert.Equal(2 * perRollout, folded + await db.Samples.CountAsync());
    }

    [Fact]
    public async Task Aggregates_older_than_their_retention_are_deleted_and_a_late_sample_merges_into_its_minute()
    {
        await using var database = await TestDatabase.CreateAsync(r => r.MinuteAggregates = TimeSpan.FromDays(30));
        await IngestAsync(database, 1, Shop);
        var clock = new FakeTimeProvider(Records.T0.AddDays(2));
        var pruner = Pruner(database, clock);
        await pruner.PruneOnceAsync(CancellationToken.None);

        // A sample for an already folded minute (say, a backlog written late) is merged, not duplicated.
        await new HistoryBatchStore(database.Contexts).WriteAsync([new HistoryBatch([Records.Sample(Shop, Records.T0.AddSeconds(1), canaryP99: 0.400)])], CancellationToken.None);
        await pruner.PruneOnceAsync(CancellationToken.None);
        await using (var db = database.Open())
        {
            var minute = await db.MinuteAggregates.SingleAsync(a => a.Minute == Records.T0);
            Assert.Equal(7, minute.SampleCount);
            Assert.Equal(0.400, minute.Max.CanaryP99);
            Assert.Equal((0.100 + 0.101 + 0.102 + 0.103 + 0.104 + 0.200 + 0.400) / 7, minute.Avg.CanaryP99!.Value, 9);
            Assert.Equal(60, await db.MinuteAggregates.CountAsync());
        }

        clock.SetUtcNow(Records.T0.AddDays(30).AddMinutes(30)); // minutes before T0+30m are past 30 days
        var result = await pruner.PruneOnceAsync(CancellationToken.None);
        Assert.Equal(30, result.AggregatesDeleted);
        await using (var db = database.Open())
            Assert.Equal(Records.T0.AddMinutes(30), await db.MinuteAggregates.MinAsync(a => a.Minute));
    }

    [Fact]
    public async Task The_background_pruner_runs_at_start_and_then_on_each_interval_of_the_injected_clock()
    {
        await using var database = await TestDatabase.CreateAsync(r => r.PruneInterval = TimeSpan.FromMinutes(5));
        await IngestAsync(database, 2, Shop);                               // T0 … T0+2h
        var clock = new FakeTimeProvider(Records.T0.AddHours(24).AddMinutes(30)); // cutoff T0+30m
        var pruner = Pruner(database, clock);
        await pruner.StartAsync(CancellationToken.None);
        await HistoryWriterTests.Until(() => pruner.Passes >= 1);
        Assert.Equal(30 * 6, pruner.LastResult!.SamplesFolded);

        clock.Advance(TimeSpan.FromMinutes(4));
        await Task.Yield();
        Assert.Equal(1, pruner.Passes); // not yet due
        clock.Advance(TimeSpan.FromMinutes(1));
        await HistoryWriterTests.Until(() => pruner.Passes >= 2);
        Assert.Equal(5 * 6, pruner.LastResult!.SamplesFolded);             // the 5 minutes that aged meanwhile
        await pruner.StopAsync(CancellationToken.None);

        await using var db = database.Open();
        Assert.Equal(35, await db.MinuteAggregates.CountAsync());
    }

    [Fact]
    public async Task History_reads_aggregates_beyond_the_raw_retention_then_raw_samples_page_by_page()
    {
        await using var database = await TestDatabase.CreateAsync();
        await IngestAsync(database, 2, Shop);
        await Pruner(database, new FakeTimeProvider(Records.T0.AddHours(25))).PruneOnceAsync(CancellationToken.None); // first hour folded

        var queries = new HistoryQueries(database.Contexts);
        var points = new List<SamplePoint>();
        Cursor? cursor = null;
        var pages = 0;
        do
        {
            var page = (await queries.GetSamplesAsync(Shop, Records.T0, Records.T0.AddHours(2), 100, cursor, CancellationToken.None))!;
            points.AddRange(page.Items);
            cursor = page.NextCursor is { } next && Cursor.TryParse(next, out var c) ? c : null;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(60 + 360, points.Count);
        Assert.Equal(5, pages);
        Assert.All(points.Take(60), p => Assert.Equal(("1m", 6), (p.Resolution, p.SampleCount)));
        Assert.All(points.Skip(60), p => Assert.Equal(("raw", 1), (p.Resolution, p.SampleCount)));
        Assert.Equal(points.OrderBy(p => p.At).Select(p => p.At), points.Select(p => p.At));
        Assert.Equal(points.Count, points.Select(p => p.At).Distinct().Count());
        Assert.Equal(Records.T0.AddHours(1), points[60].At);
        Assert.Equal(new VerdictCounts(5, 1, 0), points[0].Verdicts);
    }
}
