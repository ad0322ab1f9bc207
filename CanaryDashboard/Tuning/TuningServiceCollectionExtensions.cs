using CanaryDashboard.Backtest.Library;

namespace CanaryDashboard.Tuning;

public static class TuningServiceCollectionExtensions
{
    /// <summary>The tuning studio's services: profiles, profile assignment (refused until roles exist), recorded runs.</summary>
    public static IServiceCollection AddTuningStudio(this IServiceCollection services)
    {
        services.AddSingleton<IThresholdProfileCatalog, InMemoryThresholdProfileCatalog>();
        services.AddSingleton<IProfileAssignment, UnavailableProfileAssignment>();
        services.AddSingleton<IRecordedRunSource, SimulatedRunLibrary>();
        return services;
    }
}
