using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using CanaryDashboard.Configuration;

namespace CanaryDashboard.Data.Startup;

/// <summary>
/// Brings the database file up to date before anything else uses it: creates the data folder,
/// switches the file to WAL and applies the EF migrations. Runs in the host's start (so the app
/// does not answer before its schema exists) and from tests and benchmarks directly.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<CanaryDbContext> contexts,
    IOptions<CanaryDashboardOptions> options,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.Storage.ResolveDatabasePath();
        await InitializeAsync(contexts, cancellationToken);
        logger.LogInformation("History database ready at {Path} (WAL)", path);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task InitializeAsync(IDbContextFactory<CanaryDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Database.GetDbConnection().DataSource is { Length: > 0 } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
            Directory.CreateDirectory(folder);

        // WAL: readers never block the writer and a killed writer leaves the file consistent.
        // It is stored in the file, so setting it once (before the schema) covers every connection.
        var mode = await ScalarAsync(db, "PRAGMA journal_mode=WAL;", cancellationToken);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}')");
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Runs one statement on the context's connection and returns the first column of the first row as text.</summary>
    public static async Task<string?> ScalarAsync(CanaryDbContext db, string sql, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
