using System.Text.Json;

namespace CanaryDashboard.Tests.Kubernetes.Fixtures;

/// <summary>
/// Argo Rollouts' own test objects and the summary Argo derives for each
/// (<c>shared/argo-fixtures/</c>: testdata/ and expected.json, see its README). They are an extra
/// agreement check, not part of the repository: a clone without them skips the tests that read them
/// (<see cref="ArgoAgreementFactAttribute"/>), and the same checks always run on <see cref="OwnFixtures"/>.
/// </summary>
public static class ArgoFixtures
{
    /// <summary>
    /// Names the folder to use instead of searching (it must hold expected.json). Set it to a path
    /// without one (e.g. <c>CANARY_ARGO_FIXTURES=/nonexistent dotnet test …</c>) to see the tests
    /// skip as they do in a clone without the shared folder.
    /// </summary>
    public const string EnvironmentVariable = "CANARY_ARGO_FIXTURES";

    /// <summary>The folders of testdata/; each is loaded as its own snapshot (canary/ and experiment-step/ both hold jesse-test/canary-demo).</summary>
    public static readonly string[] Folders = ["canary", "blue-green", "experiment-step", "rollout-invalid"];

    // Located once, on first use, and never throws: a missing folder is a skip reason, not a type-load failure.
    private static readonly Lazy<(string? Root, string Searched)> Located = new(Locate);

    /// <summary>The shared folder, or null when it is absent.</summary>
    public static string? Root => Located.Value.Root;

    public static bool SharedAvailable => Root is not null;

    /// <summary>Why the shared tests are skipped, with where the folder was looked for.</summary>
    public static string SkipReason =>
        $"Argo's shared fixtures are absent ({Located.Value.Searched}); this extra agreement check is skipped, the repository's own fixtures (Kubernetes/Fixtures/Own) still run";

    public static FixtureSet Shared =>
        Root is { } root ? new FixtureSet(root) : throw new InvalidOperationException(SkipReason);

    private static (string? Root, string Searched) Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            return File.Exists(Path.Combine(full, "expected.json"))
                ? (full, "")
                : (null, $"{EnvironmentVariable}={configured}: no expected.json in {full}");
        }
        // The workplace and CI lay shared/ beside the repository; the test assembly runs a few folders below it.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "argo-fixtures"), Path.Combine(dir.FullName, "argo-fixtures") })
            {
                if (File.Exists(Path.Combine(candidate, "expected.json")))
                    return (candidate, "");
            }
        }
        return (null, $"no shared/argo-fixtures/expected.json or argo-fixtures/expected.json in {AppContext.BaseDirectory} or any folder above it, and {EnvironmentVariable} is not set");
    }
}

public sealed record ExpectedRollout(
    string File, string Name, string Namespace, string Strategy, string Status, string Message,
    string? Step, string? SetWeight, string? ActualWeight, ExpectedReplicas Replicas,
    ExpectedImage[] Images, ExpectedContainer[] Containers, Dictionary<string, JsonElement> List)
{
    public override string ToString() => $"{File} ({Namespace}/{Name})";
}

public sealed record ExpectedReplicas(int Desired, int Current, int Updated, int Ready, int Available);

public sealed record ExpectedImage(string Image, string[] Tags);

public sealed record ExpectedContainer(string Name, string Image);
