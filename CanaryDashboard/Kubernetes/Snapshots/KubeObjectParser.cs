using System.Globalization;
using System.Text.Json;
using k8s.Models;

namespace CanaryDashboard.Kubernetes.Snapshots;

/// <summary>
/// Reduces API objects to the records the snapshot reads. ReplicaSets, Pods and Deployments come
/// typed from KubernetesClient; Argo's own kinds (Experiment, AnalysisRun) come as JSON.
/// The reductions follow Argo's CLI (<c>pkg/kubectl-argo-rollouts/info</c>).
/// </summary>
public static class KubeObjectParser
{
    public const string PodTemplateHashLabel = "rollouts-pod-template-hash";
    public const string RevisionAnnotation = "rollout.argoproj.io/revision";
    public const string ExperimentTemplateNameAnnotation = "experiment.argoproj.io/template-name";

    public static ReplicaSetObject ReplicaSet(V1ReplicaSet rs)
    {
        var meta = rs.Metadata ?? new V1ObjectMeta();
        return new ReplicaSetObject(
            meta.Uid ?? "", meta.NamespaceProperty ?? "", meta.Name ?? "", Owners(meta), Created(meta),
            Get(meta.Labels, PodTemplateHashLabel),
            ParseRevision(meta.Annotations),
            Get(meta.Annotations, ExperimentTemplateNameAnnotation),
            ReplicaSetHealth(rs),
            rs.Status?.Replicas ?? 0,
            rs.Status?.AvailableReplicas ?? 0,
            rs.Spec?.Template?.Spec?.Containers?.Select(c => c.Image ?? "").ToArray() ?? [],
            rs.Spec?.Replicas);
    }

    /// <summary>Argo's getReplicaSetHealth.</summary>
    private static string ReplicaSetHealth(V1ReplicaSet rs)
    {
        var generation = rs.Metadata?.Generation ?? 0;
        var observed = rs.Status?.ObservedGeneration ?? 0;
        var specReplicas = rs.Spec?.Replicas;
        if (generation <= observed)
        {
            var failure = rs.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure");
            if (failure is { Status: "True" })
                return "ReplicaFailure";
            if (specReplicas is { } wanted && (rs.Status?.AvailableReplicas ?? 0) < wanted)
                return "Progressing";
        }
        else
        {
            return "Progressing";
        }
        return specReplicas == 0 ? "ScaledDown" : "Healthy";
    }

    /// <summary>The pod status string and ready count as <c>kubectl argo rollouts get</c> prints them (Argo's newPodInfo).</summary>
    public static PodObject Pod(V1Pod pod)
    {
        var meta = pod.Metadata ?? new V1ObjectMeta();
        var restarts = 0;
        var sidecars = (pod.Spec?.InitContainers ?? []).ToDictionary(c => c.Name ?? "", c => c.RestartPolicy == "Always");
        var total = pod.Spec?.Containers?.Count ?? 0;
        var readyContainers = 0;
        var reason = pod.Status?.Phase ?? "";
        if (!string.IsNullOrEmpty(pod.Status?.Reason))
            reason = pod.Status.Reason;

        var initializing = false;
        var initStatuses = pod.Status?.InitContainerStatuses ?? [];
        var initCount = pod.Spec?.InitContainers?.Count ?? 0;
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var c = initStatuses[i];
            restarts += c.RestartCount;
            var terminated = c.State?.Terminated;
            var waiting = c.State?.Waiting;
            if (terminated is { ExitCode: 0 })
                continue;
            if (terminated is not null)
            {
                reason = string.IsNullOrEmpty(terminated.Reason)
                    ? terminated.Signal is { } signal and not 0 ? $"Init:Signal:{signal}" : $"Init:ExitCode:{terminated.ExitCode}"
                    : "Init:" + terminated.Reason;
                initializing = true;
            }
            else if (sidecars.GetValueOrDefault(c.Name ?? "") && c.Started == true)
            {
                if (c.Ready)
                    continue;
            }
            else if (waiting is { Reason.Length: > 0 } && waiting.Reason != "PodInitializing")
            {
                reason = "Init:" + waiting.Reason;
                initializing = true;
            }
            else
            {
                reason = $"Init:{i}/{initCount}";
                initializing = true;
            }
            break;
        }

        if (!initializing)
        {
            restarts = 0;
            var hasRunning = false;
            var statuses = pod.Status?.ContainerStatuses ?? [];
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var c = statuses[i];
                restarts += c.RestartCount;
                var waiting = c.State?.Waiting;
                var terminated = c.State?.Terminated;
                if (!string.IsNullOrEmpty(waiting?.Reason))
                    reason = waiting.Reason;
                else if (!string.IsNullOrEmpty(terminated?.Reason))
                    reason = terminated.Reason;
                else if (terminated is not null)
                    reason = terminated.Signal is { } signal and not 0 ? $"Signal:{signal}" : $"ExitCode:{terminated.ExitCode}";
                else if (c.Ready && c.State?.Running is not null)
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }
            if (reason == "Completed" && hasRunning)
                reason = "Running";
        }

        if (meta.DeletionTimestamp is not null)
            reason = pod.Status?.Reason == "NodeLost" ? "Unknown" : "Terminating";

        return new PodObject(meta.Uid ?? "", meta.NamespaceProperty ?? "", meta.Name ?? "", Owners(meta), Created(meta),
            reason, $"{readyContainers}/{total}", restarts);
    }

    public static DeploymentObject Deployment(V1Deployment deployment) =>
        new(deployment.Metadata?.NamespaceProperty ?? "", deployment.Metadata?.Name ?? "",
            deployment.Spec?.Template?.Spec?.Containers?.Select(c => new ContainerInfo(c.Name ?? "", c.Image ?? "")).ToArray() ?? []);

    public static ExperimentObject Experiment(JsonElement experiment)
    {
        var meta = experiment.Prop("metadata");
        return new ExperimentObject(meta.Str("uid") ?? "", meta.Str("namespace") ?? "", meta.Str("name") ?? "",
            Owners(meta), meta.Time("creationTimestamp"),
            experiment.Prop("status").Str("phase") ?? "", experiment.Prop("status").Str("message"),
            ParseRevision(meta.Prop("annotations").Str(RevisionAnnotation)));
    }

    public static AnalysisRunObject AnalysisRun(JsonElement run)
    {
        var meta = run.Prop("metadata");
        var status = run.Prop("status");
        int successful = 0, failed = 0, inconclusive = 0, error = 0;
        foreach (var result in status.Prop("metricResults").Items())
        {
            successful += result.Int("successful") ?? 0;
            failed += result.Int("failed") ?? 0;
            inconclusive += result.Int("inconclusive") ?? 0;
            error += result.Int("error") ?? 0;
        }
        return new AnalysisRunObject(meta.Str("uid") ?? "", meta.Str("namespace") ?? "", meta.Str("name") ?? "",
            Owners(meta), meta.Time("creationTimestamp"), status.Str("phase") ?? "", status.Str("message"),
            ParseRevision(meta.Prop("annotations").Str(RevisionAnnotation)), successful, failed, inconclusive, error);
    }

    private static string[] Owners(V1ObjectMeta meta) =>
        meta.OwnerReferences?.Select(o => o.Uid ?? "").Where(u => u.Length > 0).ToArray() ?? [];

    private static string[] Owners(JsonElement meta) =>
        meta.Prop("ownerReferences").Items().Select(o => o.Str("uid") ?? "").Where(u => u.Length > 0).ToArray();

    private static DateTimeOffset? Created(V1ObjectMeta meta) =>
        meta.CreationTimestamp is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    private static int ParseRevision(IDictionary<string, string>? annotations) =>
        ParseRevision(Get(annotations, RevisionAnnotation));

    private static string? Get(IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;

    private static int ParseRevision(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision) ? revision : 0;
}
