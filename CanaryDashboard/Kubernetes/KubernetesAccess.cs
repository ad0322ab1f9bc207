namespace CanaryDashboard.Kubernetes;

/// <summary>One RBAC rule the adapter needs: API group, resource (or resource/subresource) and verbs.</summary>
public sealed record AccessRule(string ApiGroup, string Resource, IReadOnlyList<string> Verbs, bool IsWrite);

/// <summary>
/// The single source of truth for what the dashboard asks of the Kubernetes API. The Helm chart's
/// RBAC is held equal to this list by a test, and the adapter names its verbs from here, so the
/// chart can never drift from the code. A read-only install drops the <see cref="AccessRule.IsWrite"/> rules.
/// </summary>
public static class KubernetesAccess
{
    public const string ArgoGroup = "argoproj.io";
    public const string AppsGroup = "apps";
    public const string CoreGroup = "";

    public static readonly string[] ReadVerbs = ["get", "list", "watch"];
    public static readonly string[] WriteVerbs = ["patch"];

    public static IReadOnlyList<AccessRule> Rules { get; } =
    [
        new(ArgoGroup, "rollouts", ReadVerbs, false),
        new(ArgoGroup, "analysisruns", ReadVerbs, false),
        new(ArgoGroup, "experiments", ReadVerbs, false),
        new(AppsGroup, "replicasets", ReadVerbs, false),
        new(CoreGroup, "pods", ReadVerbs, false),
        // A Rollout with spec.workloadRef takes its pod template from a Deployment: the CLI reads it
        // for the containers it shows, and so does the adapter.
        new(AppsGroup, "deployments", ReadVerbs, false),
        new(ArgoGroup, "rollouts", WriteVerbs, true),
        new(ArgoGroup, "rollouts/status", WriteVerbs, true),
    ];

    /// <summary>The rules of an install, with or without the write verbs.</summary>
    public static IEnumerable<AccessRule> For(bool readOnly) => readOnly ? Rules.Where(r => !r.IsWrite) : Rules;
}
