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
    /// Registers the simulated cluster and makes <see cref="IMetricsSource"/> switch on
    /// <c>Cluster:Mode</c> at resolution time (so every configuration source is seen):
    /// in Simulated mode the <see cref="SimulatedCluster"/> starts with the app (kubeconfig in
    /// <c>Storage:DataPath</c>). <c>Metrics:Source</c> picks the metrics: with Auto, the simulated
    /// workload in Simulated mode and otherwise the source registered before this call (Prometheus).
    /// Call it after the metrics registrations.
    /// </summary>
    public static WebApplicationBuilder AddSimulatedCluster(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp => CreateCluster(sp, sp.GetRequiredService<IOptions<CanaryDashboardOptions>>().Value));
        services.AddHostedService<SimulatedClusterHostedService>();
        services.AddSingleton(sp => new SimulatedMetricsSource(sp.GetRequiredService<SimulatedCluster>()));

        // The one place the metrics source is chosen by mode.
        var otherSource = services.LastOrDefault(d => d.ServiceType == typeof(IMetricsSource));
        services.RemoveAll<IMetricsSource>();
        services.AddSingleton<IMetricsSource>(sp =>
            UsesSimulatedMetrics(sp) || otherSource is null
                ? sp.GetRequiredService<SimulatedMetricsSource>()
                : (IMetricsSource)Resolve(otherSource, sp));
        return builder;
    }

    internal static bool UsesSimulatedMetrics(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<CanaryDashboardOptions>>().Value;
        return options.Metrics.UsesSimulated(options.Cluster.Mode);
    }

    internal static bool IsSimulated(IServiceProvider services) =>
        services.GetRequiredService<IOptions<CanaryDashboardOptions>>().Value.Cluster.Mode == ClusterMode.Simulated;

    private static SimulatedCluster CreateCluster(IServiceProvider sp, CanaryDashboardOptions options)
    {
        var simulation = options.Simulation;
        var cluster = SimulatedCluster.Create(new SimulatedClusterOptions
        {
            Port = simulation.Port,
            DataPath = options.Storage.ResolveDataPath(),
            TimeProvider = sp.GetRequiredService<TimeProvider>(),
            Seed = simulation.Seed,
            RunController = true,
            ControllerInterval = simulation.ControllerInterval,
            Dns = new Dictionary<string, string>(simulation.Dns, StringComparer.OrdinalIgnoreCase),
            SeedExampleRollouts = simulation.SeedExampleRollouts,
            ManifestsPath = string.IsNullOrWhiteSpace(simulation.ManifestsPath) ? null : simulation.ManifestsPath,
        }, sp.GetService<ILoggerFactory>());
        // The chart's example AnalysisTemplate calls the dashboard's Service; here that is this very app.
        cluster.Dns.DashboardAddress = cancellationToken => DashboardAddress.ResolveAsync(sp, cancellationToken);
        // …and, as a Service routes only to ready pods, only once the app can judge (its watch has synced).
        cluster.Dns.DashboardReady = () => sp.GetService<CanaryDashboard.Kubernetes.IRolloutSnapshotProvider>()?.IsSynced != false;
        // The simulated analysis judges with the app's parameters (global → profile → rollout), as
        // the poller and /analyze do; Peek answers from the resolver's last read without blocking.
        if (sp.GetService<CanaryDashboard.Parameters.ParameterResolver>() is { } resolver)
            cluster.Controller.Analysis.Providers.EngineParameters = key => resolver.Peek(key).Engine;
        cluster.Workload.RequestsPerSecond = simulation.RequestsPerSecond;
        cluster.Workload.DefaultScenario = simulation.DefaultScenario;
        foreach (var (key, scenario) in simulation.Scenarios)
        {
            if (key.Split('/') is [var ns, var name])
                cluster.Workload.SetScenario(new RolloutKey(ns, name), scenario);
        }
        return cluster;
    }

    private static object Resolve(ServiceDescriptor descriptor, IServiceProvider sp) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(sp)
        ?? ActivatorUtilities.GetServiceOrCreateInstance(sp, descriptor.ImplementationType!);
}

/// <summary>Starts the simulated cluster with the app in Simulated mode (before the adapter's watch needs it) and stops it with the app.</summary>
internal sealed class SimulatedClusterHostedService(IServiceProvider services) : IHostedService
{
    private SimulatedCluster? _cluster;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!SimulationHostingExtensions.IsSimulated(services))
            return Task.CompletedTask;
        _cluster = services.GetRequiredService<SimulatedCluster>();
        return _cluster.InitializeAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}
