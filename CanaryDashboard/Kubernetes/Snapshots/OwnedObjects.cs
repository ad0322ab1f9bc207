namespace CanaryDashboard.Kubernetes.Snapshots;

/// <summary>
/// The parts of a ReplicaSet the snapshot reads, taken once when the object arrives so the cache
/// keeps a few fields instead of whole objects. Ownership is by <c>ownerReferences[].uid</c>, as Argo's CLI does.
/// <paramref name="Replicas"/> is <c>status.replicas</c> (what the CLI prints); <paramref name="SpecReplicas"/>
/// is <c>spec.replicas</c>, the count the controller asked for (Argo's allDesiredAreAvailable reads both).
/// </summary>
public sealed record ReplicaSetObject(
    string Uid, string Namespace, string Name, IReadOnlyList<string> OwnerUids, DateTimeOffset? CreatedAt,
    string? PodTemplateHash, int Revision, string? ExperimentTemplate, string Health,
    int Replicas, int Available, IReadOnlyList<string> Images, int? SpecReplicas = null);

/// <summary>A pod with its status already reduced as the CLI prints it (Running, ImagePullBackOff, …).</summary>
public sealed record PodObject(
    string Uid, string Namespace, string Name, IReadOnlyList<string> OwnerUids, DateTimeOffset? CreatedAt,
    string Status, string Ready, int Restarts);

public sealed record ExperimentObject(
    string Uid, string Namespace, string Name, IReadOnlyList<string> OwnerUids, DateTimeOffset? CreatedAt,
    string Phase, string? Message, int Revision);

public sealed record AnalysisRunObject(
    string Uid, string Namespace, string Name, IReadOnlyList<string> OwnerUids, DateTimeOffset? CreatedAt,
    string Phase, string? Message, int Revision, int Successful, int Failed, int Inconclusive, int Error);

/// <summary>A Deployment a Rollout may reference through <c>spec.workloadRef</c>: only its containers matter.</summary>
public sealed record DeploymentObject(string Namespace, string Name, IReadOnlyList<ContainerInfo> Containers);

/// <summary>
/// The objects of one namespace a rollout may own, as the CLI's view controller has them; the
/// builder picks the owned ones by uid. The watch passes only the candidates its indexes find.
/// </summary>
public sealed record RolloutRelatedObjects(
    IReadOnlyCollection<ReplicaSetObject> ReplicaSets,
    IReadOnlyCollection<PodObject> Pods,
    IReadOnlyCollection<ExperimentObject> Experiments,
    IReadOnlyCollection<AnalysisRunObject> AnalysisRuns,
    DeploymentObject? WorkloadRef)
{
    public static RolloutRelatedObjects Empty { get; } = new([], [], [], [], null);
}
