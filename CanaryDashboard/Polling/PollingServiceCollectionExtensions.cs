using CanaryDashboard.Parameters;
using CanaryDashboard.Polling.Seeding;

namespace CanaryDashboard.Polling;

public static class PollingServiceCollectionExtensions
{
    /// <summary>
    /// The control loop (<see cref="CanaryPoller"/>, also resolvable as itself for its stats), its
    /// settings cache, and the simulated cluster's settings seeder (registered before the loop so the
    /// seeded policies are stored when the first cycle reads them; after storage, so the schema exists).
    /// </summary>
    public static IServiceCollection AddPolling(this IServiceCollection services)
    {
        services.AddParameterResolver();   // the engine parameters of every rollout (shared with /analyze and the pages)
        services.AddSingleton<PollingSettingsCache>();
        services.AddHostedService<SimulatedRolloutSettingsSeeder>();
        services.AddSingleton<CanaryPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<CanaryPoller>());
        return services;
    }
}
