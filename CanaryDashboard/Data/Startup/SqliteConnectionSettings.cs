using CanaryDashboard.Configuration;
using Microsoft.Data.Sqlite;

namespace CanaryDashboard.Data.Startup;

/// <summary>The one place the SQLite connection string is made from <see cref="StorageOptions"/>.</summary>
public static class SqliteConnectionSettings
{
    public static string ConnectionString(StorageOptions storage) => ConnectionString(storage.ResolveDatabasePath());

    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        // Seconds a statement waits for another writer's lock (SQLite's busy handler) before failing.
        DefaultTimeout = 30,
    }.ToString();
}
