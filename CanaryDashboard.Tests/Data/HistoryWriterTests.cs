using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Data;

/// <summary>The batched writer against a real file: batches land whole, drops are counted, shutdown flushes.</summary>
public sealed class HistoryWriterTests
{
    private static readonly RolloutKey Shop = new("prod", "shop");
    private static readonly RolloutKey Cart = new("prod", "cart");

    private static HistoryWriter Writer(TestDatabase database, TimeProvider? time = null) =>
        new(new HistoryBatchStore(database.Contexts), database.Options, time ?? TimeProvider.System, NullLogger<HistoryWriter>.Instance);

    [Fact]
    public async Task Enqueued_samples_decisions_and_actions_land_and_rollouts_get_first_and_last_seen()
    {
        await using var database = await TestDatabase.CreateAsync();
        var writer = Writer(database);
        await writer.StartAsync(CancellationToken.None);

        for (var i = 0; i < 10; i++)
        {
            var at = Records.T0.AddSeconds(5 * i);
            Assert.True(writer.TryEnqueue(new HistoryBatch([Records.Sample(Shop, at), Records.Sample(Cart, at)], [Records.Decision(Shop, at)])));
        }
        Assert.True(writer.TryEnqueue(HistoryBatch.Of(Records.Action(Shop, Records.T0.AddMinutes(1)))));
        await writer.FlushAsync();
        await writer.StopAsync(CancellationToken.None);

        await using var db = database.Open();
        Assert.Equal(20, await db.Samples.CountAsync());
        Assert.Equal(10, await db.Decisions.CountAsync());
        var audit = Assert.Single(await db.AuditLog.ToListAsync());
        Assert.Equal(("alice", "abort", "kubectl argo rollouts abort shop -n prod"), (audit.User, audit.Action, audit.KubectlCommand));
        var shop = await db.Rollouts.SingleAsync(r => r.Name == "shop");
        Assert.Equal(Records.T0, shop.FirstSeenAt);
        Assert.Equal(Records.T0.AddSeconds(45), shop.LastSeenAt);
        Assert.Equal(RolloutPolicy.Observe, shop.Policy);

        var sample = await db.Samples.Where(s => s.RolloutId == shop.Id).OrderBy(s => s.At).FirstAsync();
        var expected = Records.Sample(Shop, Records.T0);
        Assert.Equal(expected.Engine.LatencyDelta, sample.Values.LatencyDelta);
        Assert.Equal(expected.Engine.SafeWeight, sample.Values.SafeWeight);
        Assert.Equal(0.120, sample.Values.CanaryP99);
        Assert.Equal(12, sample.Values.CanaryPoolOpen);
        Assert.Equal(50, sample.Values.StablePoolMax);
        Assert.Equal(expected.Engine.Verdict, sample.Verdict);

        var stats = writer.Stats;
        Assert.Equal((20L, 10L, 1L, 0L), (stats.SamplesWritten, stats.DecisionsWritten, stats.ActionsWritten, stats.DroppedRecords));
    }

    [Fact]
    public async Task An_audit_event_without_a_rollout_lands_in_the_audit_log_with_its_subject_and_address()
    {
        await using var database = await TestDatabase.CreateAsync();
        var writer = Writer(database);
        await writer.StartAsync(CancellationToken.None);

        var at = Records.T0.AddMinutes(2);
        Assert.True(writer.TryEnqueue(HistoryBatch.Of(new AuditEventRecord(at, "bob", "sign-in", "refused", "account bob", "127.0.0.1", "wrong password"))));
        await writer.FlushAsync();
        await writer.StopAsync(CancellationToken.None);

        await using var db = database.Open();
        var row = Assert.Single(await db.AuditLog.ToListAsync());
        Assert.Null(row.RolloutId);
        Assert.Equal(("bob", "sign-in", "refused", "account bob", "127.0.0.1", "wrong password", at),
            (row.User, row.Action, row.Outcome, row.Subject, row.Address, row.Error, row.At));
        Assert.Empty(await db.Rollouts.ToListAsync());
    }

    [Fact]
    public async Task A_full_queue_drops_without_blocking_and_counts_what_it_dropped()
    {
        await using var database = await TestDatabase.CreateAsync(r => r.QueueCapacity = 2);
        var writer = Writer(database); // not started: nothing drains the queue

        Assert.True(writer.TryEnqueue(new HistoryBatch([Records.Sample(Shop, Records.T0)])));
        Assert.True(writer.TryEnqueue(new HistoryBatch([Records.Sample(Shop, Records.T0.AddSeconds(5))])));
        Assert.False(writer.TryEnqueue(new HistoryBatch([Records.Sample(Shop, Records.T0.AddSeconds(10)), Records.Sample(Cart, Records.T0.AddSeconds(10))])));

        Assert.Equal((1L, 2L, 2), (writer.Stats.DroppedBatches, writer.Stats.DroppedRecords, writer.Stats.Queued));

        // Once running, what was queued lands and what was dropped does not.
        await writer.StartAsync(CancellationToken.None);
        await writer.FlushAsync();
        await writer.StopAsync(CancellationToken.None);
        await using var db = database.Open();
        Assert.Equal(2, await db.Samples.CountAsync());
    }

    [Fact]
    public async Task Stopping_writes_everything_queued_and_refuses_later_batches()
    {
        await using var database = await TestDatabase.CreateAsync(r => r.BatchSize = 5);
        var writer = Writer(database);
        for (var i = 0; i < 40; i++)
            writer.TryEnqueue(new HistoryBatch([Records.Sample(Shop, Records.T0.AddSeconds(i))]));

        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        Assert.False(writer.TryEnqueue(new HistoryBatch([Records.Sample(Shop, Records.T0.AddHours(1))])));
        await using var db = database.Open();
        Assert.Equal(40, await db.Samples.CountAsync());
        // Batch size 5, one record per batch, all queued before the start: 8 full transactions.
        Assert.Equal(8, writer.Stats.Transactions);
    }

    [Fact]
    public async Task One_transaction_holds_what_arrives_within_the_flush_interval_on_the_injected_clock()
    {
        var clock = new FakeTimeProvider(Records.T0);
        await using var database = await TestDatabase.CreateAsync(r => r.FlushInterval = TimeSpan.FromSeconds(2));
        var writer = Writer(database, clock);
        var commits = new List<HistoryCommit>();
        writer.Committed += c => { lock (commits) commits.Add(c); };
        await writer.StartAsync(CancellationToken.None);

        writer.TryEnqueue(new HistoryBatch([Records.Sample(Shop, Records.T0)]));
        await Until(() => writer.Stats.Queued == 0); // taken: the loop now lingers on the fake clock
        writer.TryEnqueue(new HistoryBatch([Records.Sample(Cart, Records.T0)], [Records.Decision(Cart, Records.T0)]));
        Assert.Empty(commits);

        await Until(() => { clock.Advance(TimeSpan.FromSeconds(2)); lock (commits) return commits.Count > 0; });
        await writer.StopAsync(CancellationToken.None);

        var commit = Assert.Single(commits);
        Assert.Equal(2, commit.Batches.Count);
        Assert.Equal(1, writer.Stats.Transactions);
        Assert.True(commit.At >= Records.T0.AddSeconds(2), "the commit time comes from the injected clock");
    }

    [Fact]
    public async Task A_batch_naming_many_rollouts_creates_each_rollout_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var writer = Writer(database);
        await writer.StartAsync(CancellationToken.None);
        var keys = Enumerable.Range(0, 50).Select(i => new RolloutKey("ns" + i % 3, "r" + i)).ToList();
        for (var round = 0; round < 3; round++)
            writer.TryEnqueue(new HistoryBatch(keys.Select(k => Records.Sample(k, Records.T0.AddSeconds(5 * round))).ToList()));
        await writer.FlushAsync();
        await writer.StopAsync(CancellationToken.None);

        await using var db = database.Open();
        Assert.Equal(50, await db.Rollouts.CountAsync());
        Assert.Equal(150, await db.Samples.CountAsync());
        Assert.All(await db.Rollouts.ToListAsync(), r => Assert.Equal(Records.T0.AddSeconds(10), r.LastSeenAt));
    }

    [Fact]
    public async Task Every_sample_field_is_stored_as_given()
    {
        await using var database = await TestDatabase.CreateAsync();
        var record = Records.Sample(Shop, Records.T0, step: 4) with { Run = null };
        await new HistoryBatchStore(database.Contexts).WriteAsync([new HistoryBatch([record])], CancellationToken.None);

        var expected = HistoryBatchStore.ToRow(record, 0);
        await using var db = database.Open();
        var stored = await db.Samples.SingleAsync();
        foreach (var field in SampleValues.FieldNames)
        {
            var property = typeof(SampleValues).GetProperty(field)!;
            Assert.NotNull(property.GetValue(expected.Values));
            Assert.True(Equals(property.GetValue(expected.Values), property.GetValue(stored.Values)), $"{field}: stored {property.GetValue(stored.Values)}, given {property.GetValue(expected.Values)}");
        }
        Assert.Equal((4, record.Engine.Verdict, record.Engine.Reason, Records.T0), (stored.StepIndex, stored.Verdict, stored.Reason, stored.At));

        // The history read path (a plain data reader, not EF) gives the same values back.
        var point = Assert.Single((await new CanaryDashboard.Data.Queries.HistoryQueries(database.Contexts)
            .GetSamplesAsync(Shop, Records.T0, Records.T0.AddSeconds(1), 10, null, CancellationToken.None))!.Items);
        foreach (var field in SampleValues.FieldNames)
        {
            var property = typeof(SampleValues).GetProperty(field)!;
            Assert.True(Equals(property.GetValue(expected.Values), property.GetValue(point.Values)), $"{field} read back as {property.GetValue(point.Values)}");
        }
        Assert.Equal((4, record.Engine.Verdict.ToString(), record.Engine.Reason), (point.StepIndex, point.Verdict, point.Reason));
    }

    [Fact]
    public async Task A_batch_the_database_refuses_is_retried_then_dropped_and_the_loop_goes_on()
    {
        var clock = new FakeTimeProvider(Records.T0);
        await using var database = await TestDatabase.CreateAsync();
        var writer = Writer(database, clock);
        await writer.StartAsync(CancellationToken.None);

        // A rollout without a namespace breaks a NOT NULL column: the whole transaction fails.
        writer.TryEnqueue(new HistoryBatch([Records.Sample(default, Records.T0), Records.Sample(Shop, Records.T0)]));
        await Until(() => { clock.Advance(TimeSpan.FromSeconds(1)); return writer.Stats.DroppedBatches == 1; });
        writer.TryEnqueue(new HistoryBatch([Records.Sample(Cart, Records.T0.AddSeconds(5))]));
        var flushed = writer.FlushAsync();
        await Until(() => { clock.Advance(TimeSpan.FromSeconds(1)); return flushed.IsCompleted; });
        await writer.StopAsync(CancellationToken.None);

        var stats = writer.Stats;
        Assert.Equal((3L, 2L, 1L), (stats.FailedTransactions, stats.DroppedRecords, stats.SamplesWritten));
        Assert.NotNull(stats.LastError);
        await using var db = database.Open();
        var sample = await db.Samples.SingleAsync();   // nothing of the refused batch, all of the next
        Assert.Equal(Records.T0.AddSeconds(5), sample.At);
    }

    internal static async Task Until(Func<bool> condition, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not met in time");
            await Task.Delay(10);
        }
    }
}
