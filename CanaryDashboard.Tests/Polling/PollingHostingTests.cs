using CanaryDashboard.Data.Settings;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Model;
using CanaryDashboard.Polling;
using CanaryDashboard.Polling.Seeding;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CanaryDashboard.Tests.Polling;

/// <summary>
/// The app as <c>dotnet run</c> starts it in Simulated mode (a 1 s poll here instead of 5 s): the
/// seeded rollouts put in Auto are driven by the loop with nobody touching them.
/// </summary>
public sealed class PollingHostingTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "polling-hosting-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_fresh_simulated_app_climbs_a_ladder_and_aborts_a_regression_by_itself()
    {
        await using var app = new AppFactory(_dataPath);
        app.StartServer();
        var services = app.Services;
        var snapshots = services.GetRequiredService<IRolloutSnapshotProvider>();
        var poller = services.GetRequiredService<CanaryPoller>();

        var settings = services.GetRequiredService<RolloutSettingsStore>();
        var checkout = await settings.GetAsync(new RolloutKey("storefront", "checkout-web"), CancellationToken.None);
        Assert.Equal((RolloutPolicy.Auto, SimulatedRolloutSettingsSeeder.User), (checkout.Settings.Policy, checkout.UpdatedBy));
        Assert.Equal(RolloutPolicy.Advise, (await settings.GetAsync(new RolloutKey("storefront", "recommendations"), CancellationToken.None)).Settings.Policy);
        Assert.True((await settings.GetAsync(new RolloutKey("storefront", "catalog-api"), CancellationToken.None)).IsDefault);

        // checkout-web sat paused after rung 20 (step 9); healthy, it is advanced to the next rung (35, step 10).
        await Wait.UntilAsync(() => snapshots.Get(new RolloutKey("storefront", "checkout-web"))?.CurrentStepIndex > 9,
            "checkout-web advanced by the loop", TimeSpan.FromSeconds(90));
        // payments-gateway climbs one rung (20 → 35), where its connection pool runs dry (from 30 %), then is aborted.
        await Wait.UntilAsync(() => snapshots.Get(new RolloutKey("payments", "payments-gateway")) is { Aborted: true, Status: "Degraded" },
            "payments-gateway aborted by the loop", TimeSpan.FromSeconds(90));
        Assert.True(poller.Stats.ActionsSent >= 2);
        Assert.Equal(0, poller.Stats.FailedCycles);

        // A person's change is never overwritten by the seeding.
        var key = new RolloutKey("payments", "ledger-api");
        await settings.SaveAsync(key, RolloutSettings.Default, "alice", CancellationToken.None);
        var seeder = services.GetServices<IHostedService>().OfType<SimulatedRolloutSettingsSeeder>().Single();
        await seeder.StartAsync(CancellationToken.None);
        var kept = await settings.GetAsync(key, CancellationToken.None);
        Assert.Equal((RolloutPolicy.Observe, "alice"), (kept.Settings.Policy, kept.UpdatedBy));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed class AppFactory(string dataPath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataPath"] = dataPath,
                ["Cluster:Mode"] = "Simulated",
                ["Cluster:KubeconfigPath"] = "",
                ["Polling:Interval"] = "00:00:01",
                ["Polling:MinTimeAtRung"] = "00:00:02",   // the default 60 s at a rung would outlast the test's minute
                ["Simulation:ControllerInterval"] = "00:00:00.500",
            }));
        }
    }
}
