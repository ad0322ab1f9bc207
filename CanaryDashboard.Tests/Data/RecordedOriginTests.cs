using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Queries;
using CanaryDashboard.Data.Startup;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Model;
using CanaryDashboard.Parameters;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CanaryDashboard.Tests.Data;

/// <summary>
/// Every stored sample and decision records where its engine parameters came from; the migration
/// that adds the columns applies to a file made by the previous schema and keeps its rows (which
/// read back as "not recorded").
/// </summary>
public sealed class RecordedOriginTests
{
    private static readonly RolloutKey Shop = new("shop", "checkout");
    private static readonly ParameterOrigin Strict = ParameterOrigin.OfProfile("strict", 3);

    [Fact]
    public async Task Samples_and_decisions_carry_their_origin_through_the_file_and_the_history_api()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = new HistoryBatchStore(database.Contexts);

        await store.WriteAsync([new HistoryBatch(
            [Records.Sample(Shop, Records.T0) with { Origin = Strict }, Records.Sample(Shop, Records.T0.AddSeconds(5)) with { Origin = ParameterOrigin.Configured }],
            [Records.Decision(Shop, Records.T0) with { Origin = Strict }])], CancellationToken.None);

        using (var raw = database.OpenRaw())
        {
            Assert.Equal("profile|strict|3", TestDatabase.Scalar(raw, "SELECT ParameterSource || '|' || ProfileName || '|' || ProfileVersion FROM Decisions"));
            Assert.Equal("profile|strict|3", TestDatabase.Scalar(raw, "SELECT ParameterSource || '|' || ProfileName || '|' || ProfileVersion FROM Samples ORDER BY At LIMIT 1"));
            Assert.Equal("configuration", TestDatabase.Scalar(raw, "SELECT ParameterSource FROM Samples ORDER BY At DESC LIMIT 1"));
        }
        var history = new HistoryQueries(database.Contexts);
        var decision = Assert.Single((await history.GetDecisionsAsync(Shop, 10, null, CancellationToken.None))!.Items);
        Assert.Equal(Strict, decision.Profile);
        var samples = (await history.GetSamplesAsync(Shop, Records.T0, Records.T0.AddMinutes(1), 10, null, CancellationToken.None))!.Items;
        Assert.Equal([Strict, ParameterOrigin.Configured], samples.Select(s => s.Profile));
    }

    [Fact]
    public async Task The_migration_applies_to_a_file_of_the_previous_schema_and_keeps_its_rows()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using (var db = database.Open())
        {
            // The file as the previous version of the app left it: only the first migration.
            await db.GetService<IMigrator>().MigrateAsync("20261126152443_InitialHistory");
            Assert.Contains("20261201062231_RecordParameterOrigin", await db.Database.GetPendingMigrationsAsync());
        }
        using (var raw = database.OpenRaw())
        {
            TestDatabase.Scalar(raw, """
                INSERT INTO Rollouts (Namespace, Name, Policy, PollsToAdvance, BreachesToAbort, AllowAutoPromoteToFull) VALUES ('shop', 'checkout', 'Auto', 3, 2, 0);
                INSERT INTO Decisions (RolloutId, At, Policy, Verdict, SafeWeight, EngineReason, Rule, Action) VALUES (1, 1000, 'Auto', 'Proceed', 40, 'ok', 'holding', 'Hold');
                INSERT INTO Samples (RolloutId, At, Verdict) VALUES (1, 1000, 0);
                """);
        }

        await DatabaseInitializer.InitializeAsync(database.Contexts, CancellationToken.None);

        await using (var db = database.Open())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges());
        }
        var history = new HistoryQueries(database.Contexts);
        var old = Assert.Single((await history.GetDecisionsAsync(Shop, 10, null, CancellationToken.None))!.Items);
        Assert.Equal(("Hold", null), (old.Action, old.Profile));
        // New rows in the migrated file record their origin.
        await new HistoryBatchStore(database.Contexts).WriteAsync([new HistoryBatch([], [Records.Decision(Shop, Records.T0) with { Origin = Strict }])], CancellationToken.None);
        Assert.Equal(Strict, (await history.GetDecisionsAsync(Shop, 10, null, CancellationToken.None))!.Items[0].Profile);
    }
}
