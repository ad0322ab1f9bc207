using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Queries;
using CanaryDashboard.Data.Retention;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Data.Writing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Data.Startup;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The SQLite history: the context factory, the start-up migration (registered first so it
    /// runs before any other hosted service touches the file), the batched writer, the retention
    /// pruner, the queries and the settings and profile stores.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddDbContextFactory<CanaryDbContext>((provider, options) =>
        {
            var storage = provider.GetRequiredService<IOptions<CanaryDashboardOptions>>().Value.Storage;
            options.UseHistoryDatabase(SqliteConnectionSettings.ConnectionString(storage));
        });
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(provider => provider.GetRequiredService<DatabaseInitializer>());

        services.AddSingleton<HistoryBatchStore>();
        services.AddSingleton<HistoryWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<HistoryWriter>());
        services.AddSingleton<HistoryPruner>();
        services.AddHostedService(provider => provider.GetRequiredService<HistoryPruner>());

        services.AddSingleton<HistoryQueries>();
        services.AddSingleton<SettingsChanges>();
        services.AddSingleton<RolloutSettingsStore>();
        services.AddSingleton<ThresholdProfileStore>();
        return services;
    }

    /// <summary>SQLite with the per-connection pragmas: the one configuration the app, tests and benchmarks share.</summary>
    public static DbContextOptionsBuilder UseHistoryDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).AddInterceptors(new SqlitePragmaInterceptor());
}
