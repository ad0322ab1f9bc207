using CanaryDashboard.Configuration;
using CanaryDashboard.Data;
using CanaryDashboard.Data.Startup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Tests.Data;

/// <summary>
/// A real SQLite file in its own folder under TMPDIR, migrated the way the app does it, with the
/// app's options (retention included) and context factory. Deleted on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string folder, CanaryDashboardOptions options)
    {
        Folder = folder;
        Options = Microsoft.Extensions.Options.Options.Create(options);
        Contexts = new ContextFactory(SqliteConnectionSettings.ConnectionString(options.Storage));
    }

    public string Folder { get; }
    public string FilePath => Options.Value.Storage.ResolveDatabasePath();
    public IOptions<CanaryDashboardOptions> Options { get; }
    public IDbContextFactory<CanaryDbContext> Contexts { get; }

    public static async Task<TestDatabase> CreateAsync(Action<RetentionOptions>? retention = null, bool migrate = true)
    {
        var folder = NewFolder("history");
        var options = new CanaryDashboardOptions();
        options.Storage.DataPath = folder;
        options.Storage.Retention.FlushInterval = TimeSpan.Zero;
        retention?.Invoke(options.Storage.Retention);
        var database = new TestDatabase(folder, options);
        if (migrate)
            await DatabaseInitializer.InitializeAsync(database.Contexts, CancellationToken.None);
        return database;
    }

    public static string NewFolder(string prefix)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public CanaryDbContext Open() => Contexts.CreateDbContext();

    /// <summary>A plain connection to the file, outside EF (as an operator's sqlite3 would see it).</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        return ValueTask.CompletedTask;
    }

    private sealed class ContextFactory(string connectionString) : IDbContextFactory<CanaryDbContext>
    {
        private readonly DbContextOptions<CanaryDbContext> _options = Build(connectionString);

        private static DbContextOptions<CanaryDbContext> Build(string connectionString)
        {
            var builder = new DbContextOptionsBuilder<CanaryDbContext>();
            builder.UseHistoryDatabase(connectionString);
            return builder.Options;
        }

        public CanaryDbContext CreateDbContext() => new(_options);
    }
}
