using CanaryDashboard.Model;
using CanaryDashboard.Tests.Kubernetes.Fixtures;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>
/// Each fixture folder loaded into its own simulated cluster, read back through KubernetesClient
/// by the adapter's list-then-watch, and every rollout compared with expected.json on every field.
/// </summary>
public class FixtureAgreementThroughClusterTests
{
    [Theory]
    [InlineData("canary")]
    [InlineData("blue-green")]
    [InlineData("experiment-step")]
    [InlineData("rollout-invalid")]
    public async Task Every_rollout_of_the_folder_agrees_with_argo_through_the_watch(string folder)
    {
        await using var sim = await SimulatedClusterFixture.StartAsync();
        sim.Load(ArgoFixtures.LoadFolder(folder).Select(x => x.Object));

        await sim.StartWatchAsync();

        var expected = ArgoFixtures.Expected().Where(e => ArgoFixtures.FolderOf(e) == folder).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Length, sim.Watch.GetAll().Count);
        var failures = new List<string>();
        foreach (var record in expected)
        {
            var snapshot = sim.Watch.Get(new RolloutKey(record.Namespace, record.Name));
            if (snapshot is null)
                failures.Add($"{record}: no snapshot");
            else
                failures.AddRange(FixtureComparison.Differences(record, snapshot).Select(d => $"{record}: {d}"));
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The adapter read the objects over HTTP: one list per kind, then watches from the list's version.
        Assert.Contains(sim.Requests, r => r.Method == "GET" && r.PathAndQuery.StartsWith("/apis/argoproj.io/v1alpha1/rollouts", StringComparison.Ordinal));
        Assert.Contains(sim.Requests, r => r.PathAndQuery.StartsWith("/api/v1/pods", StringComparison.Ordinal) && r.PathAndQuery.Contains("watch=true"));
    }
}
