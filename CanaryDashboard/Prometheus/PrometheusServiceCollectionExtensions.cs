using CanaryDashboard.Analyze;
using CanaryDashboard.Metrics;

namespace CanaryDashboard.Prometheus;

public static class PrometheusServiceCollectionExtensions
{
    /// <summary>
    /// The Prometheus metrics source, its typed client, the target resolver, the stand-in rollout
    /// directory and the <c>/analyze</c> analyzer. <see cref="IMetricsSource"/> is Prometheus in every
    /// mode for now; the simulated source (Cluster:Mode=Simulated, a later issue) replaces only that one
    /// registration, and the cluster adapter replaces <see cref="IRolloutDirectory"/> (last registration wins).
    /// </summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        services.AddHttpClient<PrometheusClient>(http => http.Timeout = Timeout.InfiniteTimeSpan) // the client applies Prometheus:Timeout itself
            // Pooled connections are recycled, so a long-lived holder of the client still follows DNS changes.
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton<MetricTargetResolver>();
        // One keeper for the process: the poller and /analyze must count each window from the same baseline.
        services.AddSingleton<CounterWindows>();
        services.AddTransient<PrometheusMetricsSource>();
        services.AddTransient<IMetricsSource>(sp => sp.GetRequiredService<PrometheusMetricsSource>());
        services.AddTransient<PrometheusRolloutDirectory>();
        services.AddTransient<IRolloutDirectory, PrometheusRolloutDirectory>();
        services.AddSingleton<AnalyzeRungWindows>();
        services.AddTransient<CanaryAnalyzer>();
        // /analyze's engine parameters come from the parameter resolver (AddParameterResolver).
        return services;
    }
}
