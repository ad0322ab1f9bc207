using CanaryDashboard.Metrics;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Workload;
using k8s;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CanaryDashboard.Tests.Simulation;

/// <summary>The real app's wiring: Simulated mode starts the cluster with the app and reads simulated metrics.</summary>
public sealed class SimulationHostingTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "sim-hosting-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Simulated_mode_starts_the_seeded_cluster_writes_its_kubeconfig_and_serves_simulated_metrics()
    {
        await using var app = new AppFactory(_dataPath, "Simulated");
        app.StartServer();

        var cluster = app.Services.GetRequiredService<SimulatedCluster>();
        await cluster.Started.WaitAsync(TimeSpan.FromSeconds(60));
        var kubeconfig = Path.Combine(_dataPath, "simulated-cluster.kubeconfig");
        Assert.True(File.Exists(kubeconfig));
        Assert.IsType<SimulatedMetricsSource>(app.Services.GetRequiredService<IMetricsSource>());

        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var list = await client.CustomObjects.ListClusterCustomObjectAsync("argoproj.io", "v1alpha1", "rollouts");
        var items = System.Text.Json.JsonSerializer.SerializeToElement(list).GetProperty("items");
        Assert.Equal(6, items.GetArrayLength());
    }

    [Fact]
    public async Task Kubeconfig_mode_does_not_start_the_simulated_cluster()
    {
        await using var app = new AppFactory(_dataPath, "Kubeconfig");
        app.StartServer();

        Assert.False(File.Exists(Path.Combine(_dataPath, "simulated-cluster.kubeconfig")));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed class AppFactory(string dataPath, string mode) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataPath"] = dataPath,
                ["Cluster:Mode"] = mode,
                ["Cluster:KubeconfigPath"] = "",
            }));
        }
    }
}
