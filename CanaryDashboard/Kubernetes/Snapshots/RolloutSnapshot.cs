using System.Text.Json.Serialization;
using CanaryDashboard.Model;

namespace CanaryDashboard.Kubernetes.Snapshots;

/// <summary>
/// What a person needs to know about one Argo Rollout, derived exactly as
/// <c>kubectl argo rollouts get rollout</c> derives it (see <see cref="RolloutSnapshotBuilder"/>).
/// <see cref="Step"/>, <see cref="SetWeight"/> and <see cref="ActualWeight"/> are Argo's strings
/// (null where Argo prints nothing); the typed numbers beside them are for code.
/// </summary>
public sealed record RolloutSnapshot
{
    [JsonIgnore] public RolloutKey Key => new(Namespace, Name);
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public required string Uid { get; init; }
    public long Generation { get; init; }
    public string? ResourceVersion { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Healthy, Progressing, Paused or Degraded (Argo's phase).</summary>
    public required string Status { get; init; }
    public required string Message { get; init; }
    /// <summary>Canary or BlueGreen; empty when the spec names neither.</summary>
    public required string Strategy { get; init; }

    /// <summary><c>currentStepIndex/len(steps)</c>, or null (no steps, no index, blue-green).</summary>
    public string? Step { get; init; }
    public int? CurrentStepIndex { get; init; }
    public int StepCount { get; init; }
    /// <summary>The desired canary weight as Argo prints it; null for blue-green.</summary>
    public string? SetWeight { get; init; }
    /// <summary>The weight really served as Argo prints it; null for blue-green.</summary>
    public string? ActualWeight { get; init; }
    public int? SetWeightPercent => int.TryParse(SetWeight, out var w) ? w : null;
    public int? ActualWeightPercent => int.TryParse(ActualWeight, out var w) ? w : null;
    /// <summary><c>trafficRouting.maxTrafficWeight</c>, default 100.</summary>
    public int MaxWeight { get; init; } = 100;

    /// <summary>Every canary step, in order, as Argo names it (<c>setWeight: 20</c>, <c>pause</c>, …).</summary>
    public IReadOnlyList<CanaryStepInfo> Steps { get; init; } = [];
    /// <summary>The <c>setWeight</c> steps: the rungs an advance may jump to (forward only).</summary>
    public IReadOnlyList<LadderRung> Ladder { get; init; } = [];
    /// <summary>The step the controller is on; null past the last step or without steps.</summary>
    public CanaryStepInfo? CurrentStep { get; init; }

    public IReadOnlyList<PauseConditionInfo> PauseConditions { get; init; } = [];
    public bool Aborted { get; init; }
    public bool ControllerPause { get; init; }
    /// <summary><c>spec.paused</c>: paused by a person (kubectl argo rollouts pause).</summary>
    public bool Paused { get; init; }
    public bool PromoteFull { get; init; }

    public required ReplicaCounts Replicas { get; init; }
    public IReadOnlyList<ImageInfo> Images { get; init; } = [];
    public IReadOnlyList<ContainerInfo> Containers { get; init; } = [];

    /// <summary><c>status.currentPodHash</c>: the pod template hash of the desired (canary) version.</summary>
    public string? CanaryPodHash { get; init; }
    /// <summary><c>status.stableRS</c>.</summary>
    public string? StablePodHash { get; init; }
    public ServiceNames Services { get; init; } = new();
    public TrafficRoutingInfo? TrafficRouting { get; init; }

    /// <summary>Analysis run of the current step (<c>status.canary.currentStepAnalysisRunStatus</c>).</summary>
    public AnalysisRunStatusRef? CurrentStepAnalysisRun { get; init; }
    /// <summary>Background analysis (<c>status.canary.currentBackgroundAnalysisRunStatus</c>).</summary>
    public AnalysisRunStatusRef? BackgroundAnalysisRun { get; init; }
    public AnalysisRunStatusRef? PrePromotionAnalysisRun { get; init; }
    public AnalysisRunStatusRef? PostPromotionAnalysisRun { get; init; }
    /// <summary>Analysis runs the rollout owns, newest revision first (as the CLI's tree lists them).</summary>
    public IReadOnlyList<AnalysisRunInfo> AnalysisRuns { get; init; } = [];
    public IReadOnlyList<ReplicaSetInfo> ReplicaSets { get; init; } = [];
    /// <summary>
    /// The canary ReplicaSet against the replicas Argo wants for the current step (Argo's
    /// <c>AtDesiredReplicaCountsForCanary</c>, see <see cref="CanaryReplicaTarget"/>); null when no canary runs.
    /// </summary>
    public CanaryScale? CanaryReplicas { get; init; }
    public IReadOnlyList<ExperimentInfo> Experiments { get; init; } = [];
    /// <summary>Messages of InvalidSpec conditions (and of failed analysis when aborted).</summary>
    public IReadOnlyList<string> ErrorConditions { get; init; } = [];

    /// <summary>The row <c>kubectl argo rollouts list rollouts</c> prints.</summary>
    public required RolloutListRow List { get; init; }
}

public sealed record ReplicaCounts(int Desired, int Current, int Updated, int Ready, int Available);

public sealed record ImageInfo(string Image, IReadOnlyList<string> Tags);

public sealed record ContainerInfo(string Name, string Image);

public sealed record PauseConditionInfo(string Reason, DateTimeOffset? StartTime);

/// <summary>A canary step: its index, kind (setWeight, pause, analysis, experiment, …) and Argo's text for it.</summary>
public sealed record CanaryStepInfo(int Index, string Kind, string Description, int? SetWeight, string? PauseDuration);

/// <summary>A setWeight step of the ladder.</summary>
public sealed record LadderRung(int StepIndex, int Weight);

public sealed record ServiceNames
{
    public string? Canary { get; init; }
    public string? Stable { get; init; }
    public string? Active { get; init; }
    public string? Preview { get; init; }
    public string? Ping { get; init; }
    public string? Pong { get; init; }
}

/// <summary>The traffic router named in <c>spec.strategy.canary.trafficRouting</c> (smi, istio, nginx, alb, …).</summary>
public sealed record TrafficRoutingInfo(string Kind, int MaxTrafficWeight, int? CanaryWeight, int? StableWeight);

public sealed record AnalysisRunStatusRef(string Name, string Status, string? Message);

public sealed record AnalysisRunInfo(
    string Name, string Status, string? Message, int Revision,
    int Successful, int Failed, int Inconclusive, int Error, DateTimeOffset? CreatedAt);

public sealed record ReplicaSetInfo(
    string Name, string Uid, string? PodTemplateHash, int Revision, string Status,
    int Replicas, int Available, IReadOnlyList<string> Images, string? ExperimentTemplate,
    bool Canary, bool Stable, bool Active, bool Preview, bool Ping, bool Pong,
    IReadOnlyList<PodInfo> Pods);

public sealed record PodInfo(string Name, string Status, string Ready, int Restarts, DateTimeOffset? CreatedAt);

public sealed record ExperimentInfo(
    string Name, string Status, string? Message, int Revision,
    IReadOnlyList<ReplicaSetInfo> ReplicaSets, IReadOnlyList<AnalysisRunInfo> AnalysisRuns);

/// <summary>One row of <c>kubectl argo rollouts list rollouts</c>, columns named as printed.</summary>
public sealed record RolloutListRow
{
    [JsonPropertyName("NAME")] public required string Name { get; init; }
    [JsonPropertyName("STRATEGY")] public required string Strategy { get; init; }
    [JsonPropertyName("STATUS")] public required string Status { get; init; }
    [JsonPropertyName("STEP")] public required string Step { get; init; }
    [JsonPropertyName("SET-WEIGHT")] public required string SetWeight { get; init; }
    [JsonPropertyName("READY")] public required string Ready { get; init; }
    [JsonPropertyName("DESIRED")] public int Desired { get; init; }
    [JsonPropertyName("UP-TO-DATE")] public int UpToDate { get; init; }
    [JsonPropertyName("AVAILABLE")] public int Available { get; init; }
}
