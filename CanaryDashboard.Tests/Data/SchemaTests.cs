using CanaryDashboard.Data.Startup;
using Microsoft.EntityFrameworkCore;

namespace CanaryDashboard.Tests.Data;

/// <summary>A fresh file gets the real migration, WAL, and the indexes the history queries rely on.</summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task A_fresh_file_gets_the_migration_every_table_and_WAL()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        Assert.False(File.Exists(database.FilePath));

        await DatabaseInitializer.InitializeAsync(database.Contexts, CancellationToken.None);

        await using (var db = database.Open())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            // The migration matches the model: nothing was changed without a new migration.
            Assert.False(db.Database.HasPendingModelChanges());
        }

        using var raw = database.OpenRaw();
        Assert.Equal("wal", TestDatabase.Scalar(raw, "PRAGMA journal_mode;"));
        var tables = new List<string>();
        using (var command = raw.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        foreach (var table in new[] { "Rollouts", "Samples", "MinuteAggregates", "Decisions", "AuditLog", "ThresholdProfiles", "RolloutRuns", "__EFMigrationsHistory" })
            Assert.Contains(table, tables);
    }

    [Fact]
    public async Task Initializing_twice_is_harmless_and_keeps_data()
    {
        await using var database = await TestDatabase.CreateAsync();
        using (var raw = database.OpenRaw())
            TestDatabase.Scalar(raw, "INSERT INTO Rollouts (Namespace, Name, Policy, PollsToAdvance, BreachesToAbort, AllowAutoPromoteToFull) VALUES ('a', 'b', 'Observe', 3, 2, 0)");
        await DatabaseInitializer.InitializeAsync(database.Contexts, CancellationToken.None);
        using var again = database.OpenRaw();
        Assert.Equal(1L, TestDatabase.Scalar(again, "SELECT COUNT(*) FROM Rollouts"));
    }

    [Theory]
    [InlineData("SELECT * FROM Samples WHERE RolloutId = 1 AND At >= 0 AND At < 100 ORDER BY At", "IX_Samples_RolloutId_At")]
    [InlineData("SELECT * FROM Decisions WHERE RolloutId = 1 ORDER BY At DESC, Id DESC LIMIT 50", "IX_Decisions_RolloutId_At_Id")]
    [InlineData("SELECT * FROM MinuteAggregates WHERE RolloutId = 1 AND Minute >= 0 AND Minute < 100 ORDER BY Minute", "IX_MinuteAggregates_RolloutId_Minute")]
    public async Task History_queries_use_their_index(string sql, string index)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var raw = database.OpenRaw();
        using var command = raw.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) plan.Add(reader.GetString(3));
        Assert.Contains(plan, step => step.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("USE TEMP B-TREE", StringComparison.Ordinal));
    }
}
