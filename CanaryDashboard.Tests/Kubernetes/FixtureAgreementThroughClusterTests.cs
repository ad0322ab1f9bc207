using CanaryDashboard.Model;
using CanaryDashboard.Tests.Kubernetes.Fixtures;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>
/// The repository's own fixtures loaded as a user would load them (<c>Simulation:ManifestsPath</c>
/// pointed at Own/testdata, every scenario into one cluster), read back through KubernetesClient by
/// the adapter's list-then-watch, and every rollout compared with expected.json on every field.
/// The same comparison against Argo's shared objects is in <see cref="ArgoAgreementTests"/>.
/// </summary>
public class FixtureAgreementThroughClusterTests
{
    [Fact]
    public async Task Every_scenario_loads_from_the_manifests_folder_and_agrees_through_the_watch()
    {
        var own = OwnFixtures.Set;
        // The simulated controller does not run (the fixture's default): it would re-deploy each rollout
        // under its own pod template hash; the statuses must stay as written.
        await using var sim = await SimulatedClusterFixture.StartAsync(o => o.ManifestsPath = own.TestData);
        var report = sim.Cluster.Manifests!;
        Assert.Empty(report.Problems);
        Assert.Equal(own.LoadAll().Count, report.Loaded.Count);

        await sim.StartWatchAsync();

        var expected = own.Expected();
        Assert.Equal(expected.Count, sim.Watch.GetAll().Count);
        FixtureComparison.AssertAllMatch(expected, sim.Watch.Get);
        // The adapter read the objects over HTTP: one list per kind, then watches from the list's version.
        Assert.Contains(sim.Requests, r => r.Method == "GET" && r.PathAndQuery.StartsWith("/apis/argoproj.io/v1alpha1/rollouts", StringComparison.Ordinal));
        Assert.Contains(sim.Requests, r => r.PathAndQuery.StartsWith("/api/v1/pods", StringComparison.Ordinal) && r.PathAndQuery.Contains("watch=true"));
        // Pods and experiment objects came through the watch too, not only the rollouts.
        Assert.Equal("ImagePullBackOff", sim.Watch.Get(new RolloutKey(OwnFixtures.Namespace, "notifications"))!
            .ReplicaSets.Single(r => r.Canary).Pods.Single().Status);
        Assert.Equal("pricing-6b8d9c7f5-4-0-compare", sim.Watch.Get(new RolloutKey(OwnFixtures.Namespace, "pricing"))!
            .Experiments.Single().AnalysisRuns.Single().Name);
    }
}
