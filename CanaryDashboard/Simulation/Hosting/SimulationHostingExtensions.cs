using CanaryDashboard.Configuration;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Workload;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Simulation.Hosting;

public static class SimulationHostingExtensions
{
    /// <summary>
    /// In <c>Cluster:Mode = Simulated</c>: one <see cref="SimulatedCluster"/> (started at app start by a
    /// hosted service, kubeconfig in <c>Storage:DataPath</c>) and the simulated workload as the one
    /// <see cref="IMetricsSource"/> — it replaces any metrics source registered before, so call this
    /// after the metrics registrations. In other modes it registers nothing.
    /// </summary>
    public static WebApplicationBuilder AddSimulatedCluster(this WebApplicationBuilder builder)
    {
        var mode = builder.Configuration.GetValue("Cluster:Mode", ClusterMode.Simulated);
        if (mode != ClusterMode.Simulated)
            return builder;

        var services = builder.Services;
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CanaryDashboardOptions>>().Value;
            var simulation = options.Simulation;
            var cluster = SimulatedCluster.Create(new SimulatedClusterOptions
            {
                Port = simulation.Port,
                DataPath = options.Storage.ResolveDataPath(),
                TimeProvider = sp.GetRequiredService<TimeProvider>(),
                Seed = simulation.Seed,
                RunController = true,
                ControllerInterval = simulation.ControllerInterval,
                AnalysisDuration = simulation.AnalysisDuration,
                SeedExampleRollouts = simulation.SeedExampleRollouts,
                ManifestsPath = string.IsNullOrWhiteSpace(simulation.ManifestsPath) ? null : simulation.ManifestsPath,
            }, sp.GetService<ILoggerFactory>());
            cluster.Workload.RequestsPerSecond = simulation.RequestsPerSecond;
            cluster.Workload.DefaultScenario = simulation.DefaultScenario;
            foreach (var (key, scenario) in simulation.Scenarios)
            {
                if (key.Split('/') is [var ns, var name])
                    cluster.Workload.SetScenario(new RolloutKey(ns, name), scenario);
            }
            return cluster;
        });
        services.AddHostedService<SimulatedClusterHostedService>();

        // Simulated mode reads simulated metrics, whatever was registered for Prometheus before.
        services.RemoveAll<IMetricsSource>();
        services.AddSingleton<SimulatedMetricsSource>(sp => new SimulatedMetricsSource(sp.GetRequiredService<SimulatedCluster>()));
        services.AddSingleton<IMetricsSource>(sp => sp.GetRequiredService<SimulatedMetricsSource>());
        return builder;
    }
}

/// <summary>Starts the simulated cluster with the app (before the adapter's watch needs it) and stops it with the app.</summary>
internal sealed class SimulatedClusterHostedService(SimulatedCluster cluster) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => cluster.InitializeAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await cluster.DisposeAsync();
}
