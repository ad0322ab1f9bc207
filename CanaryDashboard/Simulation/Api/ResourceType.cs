namespace CanaryDashboard.Simulation.Api;

/// <summary>One kind of object the simulated API server stores, with what discovery says about it.</summary>
public sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    bool HasStatusSubresource,
    IReadOnlyList<string> ShortNames)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary><c>rollouts.argoproj.io</c>, or <c>pods</c> for the core group, as the API server names it in messages.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Pods and namespaces have no <c>metadata.generation</c> in a real cluster.</summary>
    public bool HasGeneration => !(Group.Length == 0);

    public string ListKind => Kind + "List";
}

/// <summary>Every resource the simulated cluster serves (what the adapter reads, plus what Argo fixtures hold).</summary>
public static class ResourceCatalog
{
    public static readonly ResourceType Rollouts = new("argoproj.io", "v1alpha1", "rollouts", "rollout", "Rollout", true, true, ["ro"]);
    public static readonly ResourceType AnalysisRuns = new("argoproj.io", "v1alpha1", "analysisruns", "analysisrun", "AnalysisRun", true, true, ["ar"]);
    public static readonly ResourceType Experiments = new("argoproj.io", "v1alpha1", "experiments", "experiment", "Experiment", true, true, ["exp"]);
    public static readonly ResourceType AnalysisTemplates = new("argoproj.io", "v1alpha1", "analysistemplates", "analysistemplate", "AnalysisTemplate", true, false, ["at"]);
    public static readonly ResourceType ClusterAnalysisTemplates = new("argoproj.io", "v1alpha1", "clusteranalysistemplates", "clusteranalysistemplate", "ClusterAnalysisTemplate", false, false, ["cat"]);
    public static readonly ResourceType ReplicaSets = new("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, true, ["rs"]);
    public static readonly ResourceType Deployments = new("apps", "v1", "deployments", "deployment", "Deployment", true, true, ["deploy"]);
    public static readonly ResourceType Jobs = new("batch", "v1", "jobs", "job", "Job", true, true, []);
    public static readonly ResourceType Pods = new("", "v1", "pods", "pod", "Pod", true, true, ["po"]);
    public static readonly ResourceType Services = new("", "v1", "services", "service", "Service", true, true, ["svc"]);
    public static readonly ResourceType Namespaces = new("", "v1", "namespaces", "namespace", "Namespace", false, true, ["ns"]);

    public static IReadOnlyList<ResourceType> All { get; } =
        [Rollouts, AnalysisRuns, Experiments, AnalysisTemplates, ClusterAnalysisTemplates, ReplicaSets, Deployments, Jobs, Pods, Services, Namespaces];

    /// <summary>Groups in the order <c>/apis</c> lists them (the core group is served under <c>/api</c>).</summary>
    public static IReadOnlyList<(string Group, string Version)> NamedGroups { get; } =
        All.Where(r => r.Group.Length > 0).Select(r => (r.Group, r.Version)).Distinct().ToList();

    public static ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    /// <summary>
    /// Finds a resource from an object's <c>apiVersion</c> and <c>kind</c>. Older group versions of
    /// workloads (<c>extensions/v1beta1</c>, <c>apps/v1beta1</c>, <c>apps/v1beta2</c>, as in Argo's own
    /// fixtures) map to <c>apps/v1</c>, as the API server converts them to the version it serves.
    /// </summary>
    public static ResourceType? FindByKind(string apiVersion, string kind)
    {
        if (apiVersion is "extensions/v1beta1" or "apps/v1beta1" or "apps/v1beta2" && kind is "ReplicaSet" or "Deployment")
            apiVersion = "apps/v1";
        return All.FirstOrDefault(r => r.GroupVersion == apiVersion && r.Kind == kind);
    }
}
