using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace CanaryDashboard.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// The app's own metrics registry (what <c>/metrics</c> exports) and <see cref="DashboardMetrics"/>.
    /// A registry per app rather than prometheus-net's static default, so test hosts are isolated;
    /// the process metrics (CPU, memory, GC) are added to it explicitly.
    /// </summary>
    public static IServiceCollection AddDashboardMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton(_ =>
        {
            var registry = global::Prometheus.Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            return new DashboardMetrics(registry);
        });
        return services;
    }
}
