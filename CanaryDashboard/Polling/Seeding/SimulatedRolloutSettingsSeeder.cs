using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Model;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Polling.Seeding;

/// <summary>
/// On a fresh simulated cluster, puts some of the seeded example rollouts under the loop's control
/// so that the first minutes of <c>dotnet run</c> show it acting by itself: <c>checkout-web</c>
/// (healthy) climbs its ladder, <c>payments-gateway</c> climbs until its connection pool runs out
/// and is aborted, <c>ledger-api</c> climbs and is aborted when its slow regression crosses the
/// threshold, and <c>recommendations</c> (no traffic) is advised, not driven. Settings already stored
/// (a person changed them, or an earlier run) are never overwritten.
/// </summary>
public sealed class SimulatedRolloutSettingsSeeder(
    IServiceProvider services,
    IOptions<CanaryDashboardOptions> options,
    ILogger<SimulatedRolloutSettingsSeeder> logger) : IHostedService
{
    public const string User = "simulation seed";

    public static IReadOnlyList<(RolloutKey Rollout, RolloutPolicy Policy)> Seeded { get; } =
    [
        (new("storefront", "checkout-web"), RolloutPolicy.Auto),
        (new("payments", "payments-gateway"), RolloutPolicy.Auto),
        (new("payments", "ledger-api"), RolloutPolicy.Auto),
        (new("storefront", "recommendations"), RolloutPolicy.Advise),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Cluster.Mode != ClusterMode.Simulated || !o.Simulation.SeedExampleRollouts || !o.Polling.SeedSimulatedSettings || !o.Polling.Enabled)
            return;
        var store = services.GetRequiredService<RolloutSettingsStore>();
        foreach (var (rollout, policy) in Seeded)
        {
            try
            {
                if (!(await store.GetAsync(rollout, cancellationToken)).IsDefault)
                    continue;
                var (_, problems) = await store.SaveAsync(rollout, RolloutSettings.Default with { Policy = policy }, User, cancellationToken);
                if (problems.Count > 0)
                    logger.LogWarning("Seeding {Rollout} refused: {Problems}", rollout, string.Join("; ", problems.Select(p => $"{p.Field}: {p.Reason}")));
                else
                    logger.LogInformation("Simulated cluster: {Rollout} runs in {Policy}", rollout, policy);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A seeding problem must not keep the app from starting.
                logger.LogWarning(ex, "Seeding the settings of {Rollout} failed", rollout);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
