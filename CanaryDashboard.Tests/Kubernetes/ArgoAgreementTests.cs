using CanaryDashboard.Model;
using CanaryDashboard.Tests.Kubernetes.Fixtures;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>
/// The extra agreement check against Argo's own objects (<c>../shared/argo-fixtures</c>): every
/// rollout there agrees with expected.json on every field, through the pure builder and through the
/// simulated cluster's list-then-watch. Skipped, with the reason, where the shared folder is absent;
/// the same checks always run on the repository's own fixtures
/// (<see cref="RolloutSnapshotBuilderFixtureTests"/>, <see cref="FixtureAgreementThroughClusterTests"/>).
/// </summary>
public class ArgoAgreementTests
{
    public static TheoryData<string, string> ExpectedRollouts()
    {
        var data = new TheoryData<string, string>();
        if (ArgoFixtures.SharedAvailable)
        {
            foreach (var expected in ArgoFixtures.Shared.Expected())
                data.Add(expected.File, expected.Name);
        }
        return data;
    }

    [ArgoAgreementTheory]
    [MemberData(nameof(ExpectedRollouts))]
    public void Builder_agrees_with_argo_on_every_field(string file, string name)
    {
        var shared = ArgoFixtures.Shared;
        var expected = shared.Expected().Single(e => e.File == file && e.Name == name);
        // Each folder is its own snapshot: canary/ and experiment-step/ both hold jesse-test/canary-demo.
        var snapshot = shared.BuildFolder(FixtureSet.FolderOf(expected)).Single(s => s.Name == name);

        FixtureComparison.AssertMatches(expected, snapshot);
    }

    [ArgoAgreementFact]
    public void Every_rollout_in_argos_fixtures_has_an_expected_record()
    {
        var shared = ArgoFixtures.Shared;
        var expected = shared.Expected();
        var built = ArgoFixtures.Folders.SelectMany(f => shared.BuildFolder(f).Select(s => (Folder: f, s.Name))).ToArray();

        Assert.Equal(expected.Count, built.Length);
        Assert.All(built, b => Assert.Contains(expected, e => FixtureSet.FolderOf(e) == b.Folder && e.Name == b.Name));
    }

    [ArgoAgreementTheory]
    [InlineData("canary")]
    [InlineData("blue-green")]
    [InlineData("experiment-step")]
    [InlineData("rollout-invalid")]
    public async Task Every_rollout_of_the_folder_agrees_with_argo_through_the_watch(string folder)
    {
        var shared = ArgoFixtures.Shared;
        // Loaded without the simulated controller (the fixture's default), so every status stays as Argo wrote it.
        await using var sim = await SimulatedClusterFixture.StartAsync();
        sim.Load(shared.LoadFolder(folder).Select(x => x.Object));

        await sim.StartWatchAsync();

        var expected = shared.Expected().Where(e => FixtureSet.FolderOf(e) == folder).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Length, sim.Watch.GetAll().Count);
        FixtureComparison.AssertAllMatch(expected, sim.Watch.Get);
    }
}
