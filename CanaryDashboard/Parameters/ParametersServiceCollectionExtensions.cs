using CanaryDashboard.Analyze;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CanaryDashboard.Parameters;

public static class ParametersServiceCollectionExtensions
{
    /// <summary>
    /// The parameter resolver, also <c>/analyze</c>'s parameter source and the pages' resolver: one
    /// instance (one cache) for every reader. Idempotent: the poller's registration calls it too.
    /// </summary>
    public static IServiceCollection AddParameterResolver(this IServiceCollection services)
    {
        services.TryAddSingleton<ParameterResolver>();
        services.TryAddSingleton<IParameterResolver>(sp => sp.GetRequiredService<ParameterResolver>());
        services.TryAddSingleton<IAnalyzeParameterSource>(sp => sp.GetRequiredService<ParameterResolver>());
        return services;
    }
}
