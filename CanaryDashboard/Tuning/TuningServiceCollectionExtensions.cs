using CanaryDashboard.Backtest.Library;

namespace CanaryDashboard.Tuning;

public static class TuningServiceCollectionExtensions
{
    /// <summary>The tuning studio's services over the storage (<c>AddStorage</c>): profiles, profile assignment, recorded runs.</summary>
    public static IServiceCollection AddTuningStudio(this IServiceCollection services)
    {
        services.AddSingleton<IThresholdProfileCatalog, StoredThresholdProfileCatalog>();
        services.AddSingleton<IProfileAssignment, SettingsProfileAssignment>();
        services.AddSingleton<StoredRunReader>();
        services.AddSingleton<IRecordedRunSource, RecordedRunCatalog>();
        return services;
    }
}
