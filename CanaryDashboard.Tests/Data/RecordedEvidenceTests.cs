using CanaryDashboard.Data.Queries;
using CanaryDashboard.Data.Retention;
using CanaryDashboard.Data.Startup;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Data;

/// <summary>
/// Every raw sample keeps the evidence its decision weighed, through a real SQLite file: the
/// interval ends (an infinite end as null), the counts, and the counts with buckets for replays.
/// </summary>
public sealed class RecordedEvidenceTests
{
    private static readonly RolloutKey Shop = new("shop", "checkout");

    [Fact]
    public async Task The_evidence_goes_through_the_file_and_the_history_api_with_an_unbounded_end_as_null()
    {
        await using var database = await TestDatabase.CreateAsync();
        var healthy = EvidenceRecords.Sample(Shop, Records.T0, EvidenceRecords.Healthy);
        var aboveTop = EvidenceRecords.Sample(Shop, Records.T0.AddSeconds(5), EvidenceRecords.AboveTop);
        var none = Records.Sample(Shop, Records.T0.AddSeconds(10));
        Assert.True(double.IsPositiveInfinity(aboveTop.Evidence!.Latency.DeltaInterval!.Value.Upper));

        await new HistoryBatchStore(database.Contexts).WriteAsync([new HistoryBatch([healthy, aboveTop, none])], CancellationToken.None);

        using (var raw = database.OpenRaw())
        {
            Assert.Equal(1L, TestDatabase.Scalar(raw, "SELECT COUNT(*) FROM Samples WHERE EvidenceLatencyLow IS NOT NULL AND EvidenceLatencyHigh IS NULL"));
            Assert.Equal(1L, TestDatabase.Scalar(raw, "SELECT COUNT(*) FROM Samples WHERE EvidenceVerdict IS NULL AND EvidenceCounts IS NULL"));
            Assert.Equal(Records.T0.AddSeconds(-100).ToUnixTimeMilliseconds(), TestDatabase.Scalar(raw, "SELECT EvidenceSince FROM Samples ORDER BY At LIMIT 1"));
        }
        var samples = (await new HistoryQueries(database.Contexts).GetSamplesAsync(Shop, Records.T0, Records.T0.AddMinutes(1), 10, null, CancellationToken.None))!.Items;

        var first = samples[0].Evidence!;
        var expected = healthy.Evidence!;
        Assert.Equal(expected.Verdict.ToString(), first.Verdict);
        Assert.Equal(Records.T0.AddSeconds(-100), first.Since);
        Assert.Equal((expected.Latency.Delta, expected.Latency.DeltaInterval!.Value.Lower, expected.Latency.DeltaInterval.Value.Upper),
            (first.LatencyDelta, first.LatencyLow!.Value, first.LatencyHigh!.Value));
        Assert.Equal((expected.Errors.Delta, expected.Errors.DeltaInterval!.Value.Lower, expected.Errors.DeltaInterval.Value.Upper),
            (first.ErrorDelta, first.ErrorLow!.Value, first.ErrorHigh!.Value));
        Assert.Equal((1_000.5, 2.0, 10_000.0, 20.0), (first.CanaryRequests!.Value, first.CanaryErrors!.Value, first.StableRequests!.Value, first.StableErrors!.Value));
        Assert.False(first.LatencyUnbounded);

        var unbounded = samples[1].Evidence!;
        Assert.True(unbounded.LatencyUnbounded);
        Assert.Null(unbounded.LatencyHigh);
        Assert.Equal(aboveTop.Evidence.Latency.DeltaInterval.Value.Lower, unbounded.LatencyLow);
        Assert.Null(samples[2].Evidence);
    }

    [Fact]
    public async Task A_stored_run_replays_the_very_assessment_from_its_counts()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sample = EvidenceRecords.Sample(Shop, Records.T0, EvidenceRecords.AboveTop);
        await new HistoryBatchStore(database.Contexts).WriteAsync([new HistoryBatch([sample])], CancellationToken.None);

        await using var db = database.Open();
        var row = await db.Samples.SingleAsync();
        var replayed = EvidenceEngine.Assess(EvidenceCountsCodec.TryDecode(row.Evidence.Counts)!, CanaryDashboard.Engine.EngineParameters.Default);

        Assert.Equal(sample.Evidence!.Reason, replayed.Reason);
        Assert.Equal(sample.Evidence.Latency.DeltaInterval, SampleEvidenceInterval(row.Evidence.LatencyLow, row.Evidence.LatencyHigh));
    }

    private static Interval? SampleEvidenceInterval(double? low, double? high) => CanaryDashboard.Data.Entities.SampleEvidence.ToInterval(low, high);

    [Fact]
    public async Task The_migration_applies_to_a_file_of_the_previous_schema_and_old_rows_read_as_no_evidence()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using (var db = database.Open())
        {
            await db.GetService<IMigrator>().MigrateAsync("20261201062231_RecordParameterOrigin");
            Assert.Equal("20261201080741_RecordEvidence", (await db.Database.GetPendingMigrationsAsync()).First());
        }
        using (var raw = database.OpenRaw())
        {
            TestDatabase.Scalar(raw, """
                INSERT INTO Rollouts (Namespace, Name, Policy, PollsToAdvance, BreachesToAbort, AllowAutoPromoteToFull) VALUES ('shop', 'checkout', 'Auto', 3, 2, 0);
                INSERT INTO Samples (RolloutId, At, Verdict, CanaryP99) VALUES (1, 1000, 0, 0.12);
                """);
        }

        await DatabaseInitializer.InitializeAsync(database.Contexts, CancellationToken.None);

        await using (var db = database.Open())
            Assert.False(db.Database.HasPendingModelChanges());
        var history = new HistoryQueries(database.Contexts);
        var from = DateTimeOffset.FromUnixTimeMilliseconds(0);
        var old = Assert.Single((await history.GetSamplesAsync(Shop, from, Records.T0, 10, null, CancellationToken.None))!.Items);
        Assert.Equal((0.12, null), (old.Values.CanaryP99, old.Evidence));
        await new HistoryBatchStore(database.Contexts).WriteAsync([new HistoryBatch([EvidenceRecords.Sample(Shop, Records.T0, EvidenceRecords.Healthy)])], CancellationToken.None);
        Assert.NotNull((await history.GetSamplesAsync(Shop, Records.T0, Records.T0.AddMinutes(1), 10, null, CancellationToken.None))!.Items[0].Evidence);
    }

    [Fact]
    public async Task Retention_folds_samples_with_evidence_like_any_other_and_the_minutes_carry_none()
    {
        await using var database = await TestDatabase.CreateAsync();
        var samples = Enumerable.Range(0, 12).Select(i => EvidenceRecords.Sample(Shop, Records.T0.AddSeconds(10 * i), EvidenceRecords.Healthy)).ToList();
        await new HistoryBatchStore(database.Contexts).WriteAsync([new HistoryBatch(samples)], CancellationToken.None);

        var pruner = new HistoryPruner(database.Contexts, database.Options, new FakeTimeProvider(Records.T0.AddHours(25)), NullLogger<HistoryPruner>.Instance);
        var result = await pruner.PruneOnceAsync(CancellationToken.None);

        Assert.Equal((12, 2), (result.SamplesFolded, result.MinutesWritten));
        var points = (await new HistoryQueries(database.Contexts).GetSamplesAsync(Shop, Records.T0, Records.T0.AddMinutes(5), 10, null, CancellationToken.None))!.Items;
        Assert.All(points, p => Assert.Equal(("1m", null), (p.Resolution, p.Evidence)));
    }
}
