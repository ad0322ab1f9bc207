using CanaryDashboard.Configuration;
using CanaryDashboard.Observability;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Live;

public static class LiveStoreServiceCollectionExtensions
{
    /// <summary>The live store (one per app) and the dashboard metrics it sets on every publish.</summary>
    public static IServiceCollection AddLiveStore(this IServiceCollection services)
    {
        services.AddDashboardMetrics();
        services.TryAddSingleton(sp => new LiveRolloutStore(
            sp.GetRequiredService<IOptions<CanaryDashboardOptions>>().Value.Live,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<DashboardMetrics>(),
            sp.GetRequiredService<ILogger<LiveRolloutStore>>()));
        return services;
    }
}
