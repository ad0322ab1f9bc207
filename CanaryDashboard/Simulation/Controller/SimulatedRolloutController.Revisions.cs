using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Controller;

public sealed partial class SimulatedRolloutController
{
    /// <summary>
    /// What a rollout's current pod hash stands for: the canonical JSON of the <c>spec.template</c>
    /// (and of the canary steps) the controller saw when it made or adopted that hash.
    /// </summary>
    private sealed record KnownRevision(string PodHash, string Template, string Steps);

    /// <summary>The outcome of revision detection for one reconcile.</summary>
    /// <param name="Hash">The current pod template hash (<c>status.currentPodHash</c> from now on).</param>
    /// <param name="Number">The <c>rollout.argoproj.io/revision</c> of the current template.</param>
    /// <param name="IsNew">A new revision starts in this reconcile (first version, or a changed template).</param>
    /// <param name="StepsChanged">The canary steps changed while the template did not (Argo restarts the steps).</param>
    private readonly record struct RevisionState(string Hash, long Number, bool IsNew, bool StepsChanged);

    /// <summary>
    /// By rollout uid. Kept in memory rather than in an annotation on the Rollout: an annotation would
    /// show in every client (kubectl, the dashboard, fixture comparisons) as something Argo never
    /// writes, adopting a loaded rollout would always cost a write (and a watch event) even when
    /// nothing else changes, and a client that replaces the object without it would make the
    /// controller re-adopt instead of seeing the change. The memory lives exactly as long as the
    /// simulated store (both are in process), and it is keyed on the pod hash too: a rollout whose
    /// status was replaced under the controller (a manifest loaded again) is simply adopted again.
    /// </summary>
    private readonly ConcurrentDictionary<string, KnownRevision> _knownRevisions = new(StringComparer.Ordinal);

    /// <summary>
    /// Decides which revision the rollout is on, as Argo's getAllReplicaSetsAndSyncRevision and
    /// PodTemplateOrStepsChanged do (rollout/sync.go, rollout/canary.go, utils/replicaset): our hash
    /// function cannot reproduce Argo's (<c>hash.ComputePodTemplateHash</c>), so templates are compared,
    /// not hashes.
    /// <list type="bullet">
    /// <item>No <c>status.currentPodHash</c>: the first version; our hash, a new revision (promoted at once by the strategy).</item>
    /// <item>A status this controller has not seen (loaded, or replaced under it): adopted as it is, with its hash and revision.</item>
    /// <item>A known status whose template changed since: a new revision (our hash of the new template), reset to step 0.</item>
    /// </list>
    /// </summary>
    private RevisionState ResolveRevision(JsonObject rollout, JsonObject spec, JsonObject status)
    {
        var uid = Json.Str(rollout["metadata"]?["uid"]) ?? $"{Json.Namespace(rollout)}/{Json.Name(rollout)}";
        var template = Canonical(spec["template"]);
        var steps = Canonical(spec["strategy"]?["canary"]?["steps"]);
        var currentHash = Json.Str(status["currentPodHash"]);
        var annotated = Json.Long(rollout["metadata"]?["annotations"]?[RevisionAnnotation]);

        if (string.IsNullOrEmpty(currentHash))
        {
            var first = PodTemplateHash.Of(spec["template"]);
            _knownRevisions[uid] = new KnownRevision(first, template, steps);
            var revision = NextRevision(rollout, annotated);
            ResetForNewRevision(status, spec, first);
            return new RevisionState(first, revision, IsNew: true, StepsChanged: false);
        }

        if (_knownRevisions.TryGetValue(uid, out var known) && known.PodHash == currentHash)
        {
            if (known.Template != template)
            {
                // A later change of spec.template: a new ReplicaSet, a new revision, the steps from 0.
                var hash = PodTemplateHash.Of(spec["template"]);
                _knownRevisions[uid] = new KnownRevision(hash, template, steps);
                var revision = NextRevision(rollout, annotated);
                ResetForNewRevision(status, spec, hash);
                return new RevisionState(hash, revision, IsNew: true, StepsChanged: false);
            }
            if (known.Steps != steps)
            {
                _knownRevisions[uid] = known with { Steps = steps };
                ResetForNewRevision(status, spec, currentHash);
                return new RevisionState(currentHash, annotated ?? 1, IsNew: false, StepsChanged: true);
            }
            return new RevisionState(currentHash, annotated ?? 1, IsNew: false, StepsChanged: false);
        }

        // Adoption: the loaded status is the current revision, exactly as it was written.
        _knownRevisions[uid] = new KnownRevision(currentHash, template, steps);
        var adopted = annotated ?? Json.Long(FindOwnedReplicaSet(rollout, currentHash)?["metadata"]?["annotations"]?[RevisionAnnotation]) ?? 1;
        return new RevisionState(currentHash, adopted, IsNew: false, StepsChanged: false);
    }

    /// <summary>Argo's createDesiredReplicaSet: one more than the highest revision among the rollout's ReplicaSets.</summary>
    private long NextRevision(JsonObject rollout, long? annotated)
    {
        var highest = annotated ?? 0;
        foreach (var rs in store.OwnedBy(ResourceCatalog.ReplicaSets, Json.Str(rollout["metadata"]?["uid"])))
            highest = Math.Max(highest, Json.Long(rs["metadata"]?["annotations"]?[RevisionAnnotation]) ?? 0);
        return highest + 1;
    }

    /// <summary>
    /// Argo's resetRolloutStatus (rollout/sync.go): pause conditions, abort and promote-full are
    /// cleared, the current analysis/experiment references dropped, the steps start again at 0.
    /// A rollout with no stable ReplicaSet yet makes this one stable (Argo's "Initial deploy").
    /// </summary>
    private static void ResetForNewRevision(JsonObject status, JsonObject spec, string hash)
    {
        RemoveAll(status, "pauseConditions", "controllerPause", "abort", "abortedAt", "promoteFull");
        if (status["canary"] is JsonObject canary)
            RemoveAll(canary, "currentStepAnalysisRunStatus", "currentBackgroundAnalysisRunStatus", "currentExperiment");
        if (status["blueGreen"] is JsonObject blueGreen)
            RemoveAll(blueGreen, "prePromotionAnalysisRunStatus", "postPromotionAnalysisRunStatus", "scaleUpPreviewCheckPoint");
        status["currentPodHash"] = hash;
        var steps = spec["strategy"]?["canary"]?["steps"] as JsonArray;
        status["currentStepHash"] = PodTemplateHash.Of(steps);
        if (steps is { Count: > 0 })
            status["currentStepIndex"] = 0;
        else
            status.Remove("currentStepIndex");
        if (string.IsNullOrEmpty(Json.Str(status["stableRS"])))
            status["stableRS"] = hash;
    }

    private void ForgetRevisionsExcept(IReadOnlySet<string> uids)
    {
        foreach (var uid in _knownRevisions.Keys)
        {
            if (!uids.Contains(uid))
                _knownRevisions.TryRemove(uid, out _);
        }
    }

    /// <summary>
    /// JSON with object keys sorted and nulls dropped (Kubernetes reads a null field as an absent one,
    /// e.g. <c>creationTimestamp: null</c> in a template), so equal templates compare equal.
    /// </summary>
    internal static string Canonical(JsonNode? node) => CanonicalNode(node)?.ToJsonString() ?? "null";

    private static JsonNode? CanonicalNode(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(kv => kv.Value is not null)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, CanonicalNode(kv.Value)))),
        JsonArray array => new JsonArray(array.Select(CanonicalNode).ToArray()),
        JsonValue value => CanonicalValue(value),
        _ => null,
    };

    /// <summary>Numbers written as 8080 or 8080.0, strings as themselves: one spelling per value.</summary>
    private static JsonNode CanonicalValue(JsonValue value)
    {
        if (Json.Str(value) is { } text) return JsonValue.Create(text);
        if (Json.Bool(value) is { } flag) return JsonValue.Create(flag);
        if (Json.Long(value) is { } whole) return JsonValue.Create(whole);
        return value.DeepClone();
    }
}
