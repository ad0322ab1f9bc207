using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Controller;

public sealed partial class SimulatedRolloutController
{
    public const string DesiredReplicasAnnotation = "rollout.argoproj.io/desired-replicas";

    private readonly record struct ReplicaCounts(int Canary, int Stable, int Total, int Available);

    /// <summary>
    /// Scales the rollout's ReplicaSets as Argo's canary does: with traffic routing the stable set
    /// stays full and the canary gets ceil(replicas × weight / 100); a basic canary shares the
    /// replicas as <see cref="ArgoCanaryReplicas"/> splits them (the stable set gives up only the
    /// canary pods that are available). Promoted:
    /// everything on the current set; every other owned set goes to 0. ReplicaSets that exist
    /// (loaded with the rollout, or made earlier) are adopted by their <c>rollouts-pod-template-hash</c>
    /// label, never made again.
    /// </summary>
    private ReplicaCounts ScaleWorkload(JsonObject rollout, JsonObject spec, int replicas, string hash, string stable, int weight,
        bool promoted, bool trafficRouting, long revision, int unreadyCanaryPods)
    {
        int canaryReplicas, stableReplicas;
        if (promoted)
        {
            (canaryReplicas, stableReplicas) = (replicas, 0);
        }
        else
        {
            if (trafficRouting)
            {
                canaryReplicas = weight <= 0 ? 0 : Math.Min(replicas, (int)Math.Ceiling(replicas * weight / 100.0));
                stableReplicas = replicas;
            }
            else
            {
                // Traffic follows pods: Argo's closest split (utils/replicaset/canary.go); the stable set
                // gives up only canary pods that are available (loaded unready pods hold it).
                var maxSurge = spec["strategy"]?["canary"]?["maxSurge"];
                var (canary, stableShare) = ArgoCanaryReplicas.Split(replicas, Math.Clamp(weight, 0, 100),
                    ArgoCanaryReplicas.ResolveMaxSurge(Json.Int(maxSurge), Json.Str(maxSurge), replicas));
                canaryReplicas = canary;
                var canaryAvailable = canaryReplicas - Math.Min(unreadyCanaryPods, canaryReplicas);
                stableReplicas = Math.Max(stableShare, replicas - canaryAvailable);
            }
        }

        var template = spec["template"] as JsonObject ?? [];
        var desired = Json.Int(spec["replicas"]) ?? 1;
        var current = EnsureReplicaSet(rollout, template, hash, canaryReplicas, revision);
        var available = Json.Int(current["status"]?["availableReplicas"]) ?? 0;
        if (!promoted)
        {
            var stableRs = FindOwnedReplicaSet(rollout, stable) is { } found
                ? ScaleReplicaSet(found, stableReplicas, desired)
                // a stable ReplicaSet that was not loaded: its template is unknown, so the rollout's stands in
                : EnsureReplicaSet(rollout, template, stable, stableReplicas, Math.Max(1, revision - 1));
            available += Json.Int(stableRs["status"]?["availableReplicas"]) ?? 0;
        }
        foreach (var rs in store.OwnedBy(ResourceCatalog.ReplicaSets, Json.Str(rollout["metadata"]?["uid"])))
        {
            var rsHash = Json.Str(rs["metadata"]?["labels"]?[PodHashLabel]);
            if (rsHash is not null && rsHash != hash && (promoted || rsHash != stable))
                ScaleReplicaSet(rs, 0, desired);
        }
        return new ReplicaCounts(canaryReplicas, stableReplicas, canaryReplicas + stableReplicas, available);
    }

    /// <summary>
    /// Pods the simulation did not make (loaded with their ReplicaSet) keep their state; one that is
    /// not Ready (say ImagePullBackOff) never becomes ready here, so its ReplicaSet stays short of
    /// available replicas, as in the cluster it came from. Pods the simulation makes are ready at once.
    /// </summary>
    private int UnreadyPods(JsonObject? replicaSet)
    {
        if (replicaSet is null)
            return 0;
        var simulated = SimulatedPodNames(replicaSet, Json.Int(replicaSet["spec"]?["replicas"]) ?? 0).ToHashSet(StringComparer.Ordinal);
        var unready = 0;
        foreach (var podName in store.OwnedNames(ResourceCatalog.Pods, Json.Str(replicaSet["metadata"]?["uid"])))
        {
            if (!simulated.Contains(podName) && store.Get(ResourceCatalog.Pods, Json.Namespace(replicaSet), podName) is { } pod && !IsReady(pod))
                unready++;
        }
        return unready;
    }

    /// <summary>A pod's Ready condition; a pod loaded without a status counts as ready (the simulation's default).</summary>
    private static bool IsReady(JsonObject pod) =>
        pod["status"]?["conditions"] is not JsonArray conditions
        || conditions.OfType<JsonObject>().FirstOrDefault(c => Json.Str(c["type"]) == "Ready") is not { } ready
        || Json.Str(ready["status"]) == "True";

    private static IEnumerable<string> SimulatedPodNames(JsonObject replicaSet, int replicas)
    {
        var rsName = Json.Name(replicaSet);
        return Enumerable.Range(0, replicas).Select(i => $"{rsName}-{PodTemplateHash.Suffix($"{rsName}/{i}")}");
    }

    /// <summary>The rollout's ReplicaSet for a pod hash: owned by the rollout's uid, with that <c>rollouts-pod-template-hash</c>.</summary>
    private JsonObject? FindOwnedReplicaSet(JsonObject rollout, string? hash)
    {
        if (string.IsNullOrEmpty(hash))
            return null;
        var preferred = $"{Json.Name(rollout)}-{hash}";
        var owned = store.OwnedBy(ResourceCatalog.ReplicaSets, Json.Str(rollout["metadata"]?["uid"]))
            .Where(rs => Json.Str(rs["metadata"]?["labels"]?[PodHashLabel]) == hash)
            .ToList();
        return owned.FirstOrDefault(rs => Json.Name(rs) == preferred) ?? owned.FirstOrDefault();
    }

    /// <summary>
    /// The rollout's ReplicaSet for <paramref name="hash"/> at <paramref name="replicas"/>: adopted when
    /// it exists (only its scale and revision change), else created as Argo's createDesiredReplicaSet
    /// does (<c>{rollout}-{hash}</c>, the hash label on template and selector, owned by the rollout).
    /// </summary>
    private JsonObject EnsureReplicaSet(JsonObject rollout, JsonObject template, string hash, int replicas, long revision)
    {
        var desired = Json.Int(rollout["spec"]?["replicas"]) ?? 1;
        if (FindOwnedReplicaSet(rollout, hash) is { } existing)
            return ScaleReplicaSet(existing, replicas, desired, revision);

        var ns = Json.Namespace(rollout);
        var podTemplate = template.DeepClone().AsObject();
        var podMetadata = Json.Obj(podTemplate, "metadata");
        Json.Obj(podMetadata, "labels")[PodHashLabel] = hash;
        var selector = (rollout["spec"]?["selector"]?["matchLabels"] as JsonObject)?.DeepClone().AsObject() ?? [];
        selector[PodHashLabel] = hash;
        var created = store.Create(ResourceCatalog.ReplicaSets, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{Json.Name(rollout)}-{hash}",
                ["namespace"] = ns,
                ["labels"] = podMetadata["labels"]!.DeepClone(),
                ["annotations"] = new JsonObject
                {
                    [DesiredReplicasAnnotation] = desired.ToString(CultureInfo.InvariantCulture),
                    [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture),
                },
                ["ownerReferences"] = OwnerReferences(rollout, "argoproj.io/v1alpha1", "Rollout"),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = selector },
                ["template"] = podTemplate,
            },
            ["status"] = ReadyStatus(replicas, replicas, 1),
        });
        EnsurePods(created, replicas);
        return created;
    }

    /// <summary>
    /// Sets a ReplicaSet's scale (its pods are ready at once) and, when given, Argo's
    /// desired-replicas and revision annotations; <paramref name="annotate"/> edits the annotations further.
    /// Returns the ReplicaSet as stored.
    /// </summary>
    private JsonObject ScaleReplicaSet(JsonObject rs, int replicas, int? desiredReplicas = null, long? revision = null,
        Action<JsonObject>? annotate = null)
    {
        var ready = EnsurePods(rs, replicas);
        return store.Update(ResourceCatalog.ReplicaSets, Json.Namespace(rs), Json.Name(rs), current =>
        {
            var spec = Json.Obj(current, "spec");
            var generation = Json.Long(current["metadata"]?["generation"]) ?? 1;
            var resized = Json.Int(spec["replicas"]) != replicas;
            spec["replicas"] = replicas;
            var annotations = Json.Obj(Json.Metadata(current), "annotations");
            if (desiredReplicas is { } desired)
                annotations[DesiredReplicasAnnotation] = desired.ToString(CultureInfo.InvariantCulture);
            if (revision is { } number)
                annotations[RevisionAnnotation] = number.ToString(CultureInfo.InvariantCulture);
            annotate?.Invoke(annotations);
            current["status"] = ReadyStatus(replicas, ready, resized ? generation + 1 : generation);
            return current;
        });
    }

    private JsonObject ScaleReplicaSet(JsonObject rs, int replicas, string removeAnnotation) =>
        ScaleReplicaSet(rs, replicas, annotate: a => a.Remove(removeAnnotation));

    private JsonObject ScaleReplicaSet(JsonObject rs, int replicas, (string Key, string Value) addAnnotation) =>
        ScaleReplicaSet(rs, replicas, annotate: a => a[addAnnotation.Key] = addAnnotation.Value);

    private static JsonObject ReadyStatus(int replicas, int ready, long observedGeneration) => new()
    {
        ["replicas"] = replicas,
        ["fullyLabeledReplicas"] = replicas,
        ["readyReplicas"] = ready,
        ["availableReplicas"] = ready,
        ["observedGeneration"] = observedGeneration,
    };

    /// <summary>
    /// Keeps exactly <paramref name="replicas"/> pods for a ReplicaSet: the pods it has are kept
    /// (loaded ones too, as they are), surplus ones deleted, missing ones made Running and Ready with
    /// deterministic names. Returns how many of its pods are ready.
    /// </summary>
    private int EnsurePods(JsonObject replicaSet, int replicas)
    {
        var ns = Json.Namespace(replicaSet);
        var existing = store.OwnedNames(ResourceCatalog.Pods, Json.Str(replicaSet["metadata"]?["uid"])).ToList();
        var wanted = SimulatedPodNames(replicaSet, replicas).ToList();
        var keep = existing.Where(wanted.Contains)
            .Concat(existing.Where(n => !wanted.Contains(n)).Order(StringComparer.Ordinal))
            .Take(replicas)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var extra in existing.Where(n => !keep.Contains(n)))
            store.Delete(ResourceCatalog.Pods, ns, extra);
        var ready = keep.Count(n => wanted.Contains(n) || store.Get(ResourceCatalog.Pods, ns, n) is not { } pod || IsReady(pod));
        var missing = replicas - keep.Count;
        if (missing <= 0)
            return ready;
        var rsName = Json.Name(replicaSet);
        var podTemplate = replicaSet["spec"]?["template"] as JsonObject ?? [];
        var now = Json.Timestamp(time.GetUtcNow());
        foreach (var (podName, i) in wanted.Select((n, i) => (n, i)).Where(x => !existing.Contains(x.n)).Take(missing))
        {
            var podSpec = podTemplate["spec"]?.DeepClone().AsObject() ?? [];
            var containers = (podSpec["containers"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            store.Create(ResourceCatalog.Pods, new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = podName,
                    ["namespace"] = ns,
                    ["labels"] = podTemplate["metadata"]?["labels"]?.DeepClone(),
                    ["ownerReferences"] = OwnerReferences(replicaSet, "apps/v1", "ReplicaSet"),
                },
                ["spec"] = podSpec,
                ["status"] = new JsonObject
                {
                    ["phase"] = "Running",
                    ["podIP"] = $"10.{(PodTemplateHash.Fnv1a(rsName) >> 8) % 250}.{PodTemplateHash.Fnv1a(rsName) % 250}.{i + 10}",
                    ["startTime"] = now,
                    ["conditions"] = new JsonArray(
                        new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = now },
                        new JsonObject { ["type"] = "ContainersReady", ["status"] = "True", ["lastTransitionTime"] = now }),
                    ["containerStatuses"] = new JsonArray(containers.Select(c => (JsonNode)new JsonObject
                    {
                        ["name"] = Json.Str(c["name"]),
                        ["image"] = Json.Str(c["image"]),
                        ["ready"] = true,
                        ["restartCount"] = 0,
                        ["started"] = true,
                        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
                    }).ToArray()),
                },
            });
        }
        return ready + missing;
    }
}
