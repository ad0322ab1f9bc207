namespace CanaryDashboard.Tests.Kubernetes.Fixtures;

/// <summary>
/// The repository's own fixtures (<c>Kubernetes/Fixtures/Own/</c>, copied beside the test assembly):
/// one scenario per testdata folder, written for this project from Argo's documented behaviour, with
/// the summary worked out by hand in expected.json (see Own/README.md). Every scenario has its own
/// rollout name and uids, so all of them load into one cluster (or one <c>Simulation:ManifestsPath</c>).
/// </summary>
public static class OwnFixtures
{
    public static FixtureSet Set { get; } = new(Path.Combine(AppContext.BaseDirectory, "Kubernetes", "Fixtures", "Own"));

    public const string Namespace = "fixtures";
}
