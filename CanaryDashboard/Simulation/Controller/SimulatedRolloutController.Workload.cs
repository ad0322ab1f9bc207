using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Controller;

public sealed partial class SimulatedRolloutController
{
    private readonly record struct ReplicaCounts(int Canary, int Stable, int Total);

    /// <summary>
    /// Scales the rollout's ReplicaSets as Argo's canary does: with traffic routing the stable set
    /// stays full and the canary gets ceil(replicas × weight / 100); a basic canary shares the
    /// replicas. Promoted: everything on the current set; every other owned set goes to 0.
    /// </summary>
    private ReplicaCounts ScaleWorkload(JsonObject rollout, JsonObject spec, int replicas, string hash, string stable, int weight,
        bool promoted, bool trafficRouting, long revision)
    {
        int canaryReplicas, stableReplicas;
        if (promoted)
        {
            (canaryReplicas, stableReplicas) = (replicas, 0);
        }
        else
        {
            canaryReplicas = weight <= 0 ? 0 : Math.Min(replicas, (int)Math.Ceiling(replicas * weight / 100.0));
            stableReplicas = trafficRouting ? replicas : Math.Max(0, replicas - canaryReplicas);
        }

        var ns = Json.Namespace(rollout);
        var name = Json.Name(rollout);
        var template = spec["template"] as JsonObject ?? [];
        EnsureReplicaSet(rollout, template, hash, canaryReplicas, revision);
        if (!promoted)
        {
            var stableRs = store.Get(ResourceCatalog.ReplicaSets, ns, $"{name}-{stable}");
            EnsureReplicaSet(rollout, stableRs?["spec"]?["template"] as JsonObject ?? template, stable, stableReplicas,
                Json.Long(stableRs?["metadata"]?["annotations"]?[RevisionAnnotation]) ?? Math.Max(1, revision - 1));
        }
        foreach (var rs in store.OwnedBy(ResourceCatalog.ReplicaSets, Json.Str(rollout["metadata"]?["uid"])))
        {
            var rsHash = Json.Str(rs["metadata"]?["labels"]?[PodHashLabel]);
            if (rsHash is not null && rsHash != hash && (promoted || rsHash != stable))
                EnsureReplicaSet(rollout, rs["spec"]?["template"] as JsonObject ?? template, rsHash, 0,
                    Json.Long(rs["metadata"]?["annotations"]?[RevisionAnnotation]) ?? 1);
        }
        return new ReplicaCounts(canaryReplicas, stableReplicas, canaryReplicas + stableReplicas);
    }

    private void EnsureReplicaSet(JsonObject rollout, JsonObject template, string hash, int replicas, long revision)
    {
        var ns = Json.Namespace(rollout);
        var rsName = $"{Json.Name(rollout)}-{hash}";
        var podTemplate = template.DeepClone().AsObject();
        var podMetadata = Json.Obj(podTemplate, "metadata");
        Json.Obj(podMetadata, "labels")[PodHashLabel] = hash;
        var labels = podMetadata["labels"]!.DeepClone().AsObject();
        var selector = (rollout["spec"]?["selector"]?["matchLabels"] as JsonObject)?.DeepClone().AsObject() ?? [];
        selector[PodHashLabel] = hash;
        var rsSpec = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = selector },
            ["template"] = podTemplate,
        };
        var rsStatus = new JsonObject
        {
            ["replicas"] = replicas,
            ["fullyLabeledReplicas"] = replicas,
            ["readyReplicas"] = replicas,
            ["availableReplicas"] = replicas,
        };
        var annotations = new JsonObject
        {
            ["rollout.argoproj.io/desired-replicas"] = (Json.Int(rollout["spec"]?["replicas"]) ?? 1).ToString(CultureInfo.InvariantCulture),
            [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture),
        };

        JsonObject stored;
        if (!store.Contains(ResourceCatalog.ReplicaSets, ns, rsName))
        {
            rsStatus["observedGeneration"] = 1;
            stored = store.Create(ResourceCatalog.ReplicaSets, new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = rsName,
                    ["namespace"] = ns,
                    ["labels"] = labels,
                    ["annotations"] = annotations,
                    ["ownerReferences"] = OwnerReferences(rollout, "argoproj.io/v1alpha1", "Rollout"),
                },
                ["spec"] = rsSpec,
                ["status"] = rsStatus,
            });
        }
        else
        {
            stored = store.Update(ResourceCatalog.ReplicaSets, ns, rsName, current =>
            {
                var generation = Json.Long(current["metadata"]?["generation"]) ?? 1;
                rsStatus["observedGeneration"] = JsonNode.DeepEquals(current["spec"], rsSpec) ? generation : generation + 1;
                current["spec"] = rsSpec;
                var currentAnnotations = Json.Obj(Json.Metadata(current), "annotations");
                foreach (var (key, value) in annotations)
                    currentAnnotations[key] = value!.DeepClone();
                current["status"] = rsStatus;
                return current;
            });
        }
        EnsurePods(stored, podTemplate, replicas);
    }

    /// <summary>Keeps exactly <paramref name="replicas"/> Running, Ready pods for a ReplicaSet (deterministic names).</summary>
    private void EnsurePods(JsonObject replicaSet, JsonObject podTemplate, int replicas)
    {
        var ns = Json.Namespace(replicaSet);
        var rsName = Json.Name(replicaSet);
        var existing = store.OwnedNames(ResourceCatalog.Pods, Json.Str(replicaSet["metadata"]?["uid"])).ToHashSet();
        var wanted = Enumerable.Range(0, replicas).Select(i => $"{rsName}-{PodTemplateHash.Suffix($"{rsName}/{i}")}").ToList();
        foreach (var extra in existing.Except(wanted))
            store.Delete(ResourceCatalog.Pods, ns, extra);
        var now = Json.Timestamp(time.GetUtcNow());
        for (var i = 0; i < wanted.Count; i++)
        {
            if (existing.Contains(wanted[i]))
                continue;
            var podSpec = podTemplate["spec"]?.DeepClone().AsObject() ?? [];
            var containers = (podSpec["containers"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            store.Create(ResourceCatalog.Pods, new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = wanted[i],
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
    }
}
