using CanaryDashboard.Configuration;
using CanaryDashboard.Model;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;

namespace CanaryDashboard.Tests.Kubernetes;

public class NamespaceScopeTests
{
    private static readonly int[] Weights = [1, 2, 5];

    [Fact]
    public async Task Configured_namespaces_are_the_only_ones_listed_and_watched()
    {
        await using var sim = await SimulatedClusterFixture.StartAsync(configureAdapter: c => c.Namespaces = ["shop", "search"]);
        sim.Load([
            TestRollouts.Ladder("shop", "checkout", 1, Weights),
            TestRollouts.Ladder("search", "indexer", 1, Weights),
            TestRollouts.Ladder("payments", "ledger", 1, Weights),
        ]);

        await sim.StartWatchAsync();

        Assert.Equal([new RolloutKey("search", "indexer"), new RolloutKey("shop", "checkout")], sim.Watch.GetAll().Select(s => s.Key));
        Assert.DoesNotContain(sim.Requests, r => r.PathAndQuery.StartsWith("/apis/argoproj.io/v1alpha1/rollouts", StringComparison.Ordinal));
        Assert.Contains(sim.Requests, r => r.PathAndQuery.StartsWith("/api/v1/namespaces/search/pods", StringComparison.Ordinal));
        Assert.Equal(["shop", "search"], sim.Watch.Status.Namespaces);
    }

    [Fact]
    public async Task No_namespaces_means_the_whole_cluster()
    {
        await using var sim = await SimulatedClusterFixture.StartAsync();
        sim.Load([TestRollouts.Ladder("shop", "checkout", 1, Weights), TestRollouts.Ladder("payments", "ledger", 1, Weights)]);

        await sim.StartWatchAsync();

        Assert.Equal(2, sim.Watch.GetAll().Count);
        Assert.Contains(sim.Requests, r => r.PathAndQuery.StartsWith("/apis/argoproj.io/v1alpha1/rollouts", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Namespaces", "Cluster:Namespaces")]
    [InlineData("WatchTimeout", "Cluster:WatchTimeout")]
    [InlineData("WatchInitialBackoff", "Cluster:WatchInitialBackoff")]
    [InlineData("ActionTimeout", "Cluster:ActionTimeout")]
    public void Bad_cluster_settings_are_named_at_start(string setting, string key)
    {
        var options = new CanaryDashboardOptions();
        switch (setting)
        {
            case "Namespaces": options.Cluster.Namespaces = ["shop", " "]; break;
            case "WatchTimeout": options.Cluster.WatchTimeout = TimeSpan.FromSeconds(1); break;
            case "WatchInitialBackoff": options.Cluster.WatchInitialBackoff = TimeSpan.FromMinutes(5); break;
            case "ActionTimeout": options.Cluster.ActionTimeout = TimeSpan.Zero; break;
        }

        var result = new CanaryDashboardOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(key + ":", StringComparison.Ordinal));
    }
}
