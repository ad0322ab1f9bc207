using CanaryDashboard.Configuration;
using CanaryDashboard.Data;
using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Startup;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Engine;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CanaryDashboard.Benchmarks;

/// <summary>A real, migrated SQLite file under TMPDIR with the app's connection settings.</summary>
internal sealed class HistoryBenchmarkDatabase : IDbContextFactory<CanaryDbContext>
{
    private readonly DbContextOptions<CanaryDbContext> _options;

    public HistoryBenchmarkDatabase(string folder)
    {
        Folder = folder;
        var storage = new StorageOptions { DataPath = folder };
        FilePath = storage.ResolveDatabasePath();
        var builder = new DbContextOptionsBuilder<CanaryDbContext>();
        builder.UseHistoryDatabase(SqliteConnectionSettings.ConnectionString(storage));
        _options = builder.Options;
    }

    public string Folder { get; }
    public string FilePath { get; }

    public CanaryDbContext CreateDbContext() => new(_options);

    public static async Task<HistoryBenchmarkDatabase> OpenAsync(string name, bool fresh)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bench-" + name);
        if (fresh && Directory.Exists(folder))
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        var database = new HistoryBenchmarkDatabase(folder);
        await DatabaseInitializer.InitializeAsync(database, CancellationToken.None);
        return database;
    }

    private static readonly EngineResult Healthy = WeightEngine.Evaluate(new EngineInputs(0.132, 0.120, 0.004, 0.002, 1200, 11000), EngineParameters.Default);

    /// <summary>One poll cycle: a sample per rollout at <paramref name="at"/>, every field filled as the poller would.</summary>
    public static HistoryBatch Cycle(int rollouts, DateTimeOffset at, int step = 3) =>
        new(Enumerable.Range(0, rollouts).Select(i => new SampleRecord(
            new RolloutKey("bench", $"rollout-{i:D4}"), at,
            new VersionMetrics(0.132, 0.004, 120, 1200, new PoolGauges(12, 3, 50)),
            new VersionMetrics(0.120, 0.002, 1100, 11000, new PoolGauges(40, 9, 50)),
            Healthy, 20, 20, step, new RunObservation("rev-1", RunOutcome.Running))).ToList());
}
