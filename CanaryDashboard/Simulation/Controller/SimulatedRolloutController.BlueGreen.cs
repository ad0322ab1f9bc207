using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Controller;

public sealed partial class SimulatedRolloutController
{
    public const string ScaleDownDeadlineAnnotation = "scale-down-deadline";

    /// <summary>
    /// One reconcile of a blue-green rollout, kept minimal but in Argo's order (rollout/bluegreen.go,
    /// rollout/service.go): the preview selector follows the new ReplicaSet; the active selector moves
    /// to it once the pause is over (<c>BlueGreenPause</c>: held until promoted with
    /// <c>autoPromotionEnabled: false</c>, for <c>autoPromotionSeconds</c> otherwise, none by default),
    /// or at once when fast-tracked (first version, promote-full, back to stable); the active one is
    /// then stable. Abort points active back at stable. The services' selectors are
    /// <c>status.blueGreen.activeSelector/previewSelector</c> (and the Service objects', when loaded).
    /// </summary>
    private void ReconcileBlueGreen(JsonObject rollout, JsonObject spec, JsonObject blueGreen, JsonObject status, RevisionState revision,
        DateTimeOffset now)
    {
        var name = Json.Name(rollout);
        var replicas = Math.Max(0, Json.Int(spec["replicas"]) ?? 1);
        var hash = revision.Hash;
        var selectors = Json.Obj(status, "blueGreen");
        var stable = Json.Str(status["stableRS"]) ?? hash;
        // Argo reads the selectors off the Services (GetRolloutSelectorLabel); without loaded Services the status stands for them.
        var active = ServiceSelectorHash(rollout, Json.Str(blueGreen["activeService"])) ?? Json.Str(selectors["activeSelector"]) ?? "";
        var aborted = Json.Bool(status["abort"]) == true;
        var promoteFull = Json.Bool(status["promoteFull"]) == true && stable != hash;
        // haltProgress (rollout/context.go): a user pause, or an inconclusive analysis, freezes the services.
        var halted = Json.Bool(spec["paused"]) == true || HasPauseCondition(status, InconclusiveAnalysisRun);

        if (!aborted)
            status.Remove("abortedAt");
        if (promoteFull)
            RemoveAll(status, "pauseConditions", "controllerPause");
        if (!halted)
            selectors["previewSelector"] = hash;   // reconcilePreviewService

        // isBlueGreenFastTracked: nothing active yet, already active, back to stable, or promote-full.
        var fastTracked = active.Length == 0 || active == hash || stable == hash || promoteFull;
        // ReadyForPause / IsSaturated: neither the pause nor the switch happens before the new pods are
        // available, and loaded pods that are not ready never become so here (see UnreadyPods).
        var newUnavailable = stable != hash && UnreadyPods(FindOwnedReplicaSet(rollout, hash)) > 0;
        if (!halted)
        {
            if (aborted)
                active = stable;                    // reconcileActiveService on abort
            else if (!newUnavailable && BlueGreenPauseDone(blueGreen, status, fastTracked, now))
                active = hash;
        }
        selectors["activeSelector"] = active;

        // shouldFullPromote for blue-green: stable follows once the new ReplicaSet is active (and not aborted).
        if (active == hash && !aborted)
        {
            stable = hash;
            status["stableRS"] = hash;
            RemoveAll(status, "pauseConditions", "controllerPause", "promoteFull", "abortedAt");
            selectors.Remove("scaleUpPreviewCheckPoint");
        }
        if (aborted)
        {
            status["abortedAt"] ??= Json.Timestamp(now);
            RemoveAll(status, "pauseConditions", "controllerPause");
        }
        if (status["pauseConditions"] is not JsonArray { Count: > 0 })
            RemoveAll(status, "pauseConditions", "controllerPause");   // Argo keeps controllerPause only beside a pause condition
        var promoted = stable == hash;

        var counts = ScaleBlueGreen(rollout, spec, blueGreen, replicas, hash, stable, active, aborted, now, revision.Number);
        status["replicas"] = counts.Total;
        status["updatedReplicas"] = counts.Updated;
        status["readyReplicas"] = counts.ActiveAvailable;
        status["availableReplicas"] = counts.ActiveAvailable;
        status["HPAReplicas"] = counts.ActiveReplicas;
        status["selector"] = counts.ActiveSelector ?? FormatSelector(spec["selector"]?["matchLabels"] as JsonObject);
        SwitchServiceSelector(rollout, Json.Str(blueGreen["activeService"]), active);
        SwitchServiceSelector(rollout, Json.Str(blueGreen["previewService"]), Json.Str(selectors["previewSelector"]));

        var pausedNow = Json.Bool(spec["paused"]) == true || status["pauseConditions"] is JsonArray { Count: > 0 };
        WriteProgressConditions(status, $"{name}-{hash}", aborted, aborted ? AbortedMessage(revision.Number, null) : null, pausedNow, promoted,
            counts.ActiveAvailable >= replicas, now, stuck: !aborted && !promoted && newUnavailable);
    }

    /// <summary>
    /// Argo's reconcileBlueGreenPause and CompletedBlueGreenPause (rollout/bluegreen.go, rollout/pause.go):
    /// true when the active service may switch to the new ReplicaSet. The controller pauses
    /// (<c>BlueGreenPause</c>, <c>controllerPause</c>) only with <c>autoPromotionEnabled: false</c> or
    /// <c>autoPromotionSeconds &gt; 0</c>; a promote (pause conditions cleared while controllerPause
    /// stays) ends it, and so does <c>autoPromotionSeconds</c> passing. (Argo ignores a promote during an
    /// <c>autoPromotionSeconds</c> pause and pauses again; here a promote always ends the pause.)
    /// </summary>
    private static bool BlueGreenPauseDone(JsonObject blueGreen, JsonObject status, bool fastTracked, DateTimeOffset now)
    {
        var autoPromotion = Json.Bool(blueGreen["autoPromotionEnabled"]) != false;
        var autoPromotionSeconds = Json.Long(blueGreen["autoPromotionSeconds"]) ?? 0;
        if (fastTracked || (autoPromotion && autoPromotionSeconds <= 0))
        {
            RemovePauseCondition(status, BlueGreenPause);
            return true;
        }
        if (PauseConditionOf(status, BlueGreenPause) is { } pause)
        {
            var start = DateTimeOffset.TryParse(Json.Str(pause["startTime"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s : now;
            if (autoPromotion && now > start.AddSeconds(autoPromotionSeconds))
            {
                RemovePauseCondition(status, BlueGreenPause);
                return true;
            }
            return false;
        }
        if (Json.Bool(status["controllerPause"]) == true)
            return true;   // promoted: the pause condition was cleared by a person
        var conditions = status["pauseConditions"] as JsonArray ?? [];
        conditions.Add(new JsonObject { ["reason"] = BlueGreenPause, ["startTime"] = Json.Timestamp(now) });
        status["pauseConditions"] = conditions;
        status["controllerPause"] = true;
        return false;
    }

    private readonly record struct BlueGreenCounts(int Total, int Updated, int ActiveReplicas, int ActiveAvailable, string? ActiveSelector);

    /// <summary>
    /// The new ReplicaSet gets the replicas (or <c>previewReplicaCount</c> while it is only previewed;
    /// none once aborted, where Argo waits <c>abortScaleDownDelaySeconds</c> first), the active and stable ones keep theirs; any other ReplicaSet with pods is scaled down after
    /// <c>scaleDownDelaySeconds</c> (default 30), marked with Argo's <c>scale-down-deadline</c>
    /// annotation meanwhile (rollout/bluegreen.go scaleDownOldReplicaSetsForBlueGreen, rollout/replicaset.go).
    /// </summary>
    private BlueGreenCounts ScaleBlueGreen(JsonObject rollout, JsonObject spec, JsonObject blueGreen, int replicas, string hash, string stable,
        string active, bool aborted, DateTimeOffset now, long revision)
    {
        var template = spec["template"] as JsonObject ?? [];
        var previewCount = Json.Int(blueGreen["previewReplicaCount"]);
        var newReplicas = aborted && hash != stable ? 0
            : previewCount is { } preview && active != hash ? Math.Min(preview, replicas)
            : replicas;
        var current = EnsureReplicaSet(rollout, template, hash, newReplicas, revision);
        var total = newReplicas;
        JsonObject? activeRs = active == hash ? current : null;

        var delay = TimeSpan.FromSeconds(Json.Long(blueGreen["scaleDownDelaySeconds"]) ?? 30);
        foreach (var rs in store.OwnedBy(ResourceCatalog.ReplicaSets, Json.Str(rollout["metadata"]?["uid"])))
        {
            var rsHash = Json.Str(rs["metadata"]?["labels"]?[PodHashLabel]);
            if (rsHash is null || rsHash == hash)
                continue;
            var currentReplicas = Json.Int(rs["spec"]?["replicas"]) ?? 0;
            JsonObject scaled;
            if (rsHash == stable || rsHash == active)
            {
                scaled = ScaleReplicaSet(rs, replicas, removeAnnotation: ScaleDownDeadlineAnnotation);
            }
            else if (currentReplicas == 0)
            {
                continue;
            }
            else if (DateTimeOffset.TryParse(Json.Str(rs["metadata"]?["annotations"]?[ScaleDownDeadlineAnnotation]), CultureInfo.InvariantCulture,
                         DateTimeStyles.AssumeUniversal, out var deadline))
            {
                scaled = now >= deadline ? ScaleReplicaSet(rs, 0, removeAnnotation: ScaleDownDeadlineAnnotation) : rs;
            }
            else if (delay <= TimeSpan.Zero)
            {
                scaled = ScaleReplicaSet(rs, 0);
            }
            else
            {
                scaled = ScaleReplicaSet(rs, currentReplicas, addAnnotation: (ScaleDownDeadlineAnnotation, Json.Timestamp(now + delay)));
            }
            total += Json.Int(scaled["spec"]?["replicas"]) ?? 0;
            if (rsHash == active)
                activeRs = scaled;
        }
        return new BlueGreenCounts(total, newReplicas,
            Json.Int(activeRs?["status"]?["replicas"]) ?? 0,
            Json.Int(activeRs?["status"]?["availableReplicas"]) ?? 0,
            activeRs is null ? null : FormatSelector(activeRs["spec"]?["selector"]?["matchLabels"] as JsonObject));
    }

    /// <summary>Points a Service's <c>rollouts-pod-template-hash</c> selector at a ReplicaSet, when the Service was loaded (switchServiceSelector).</summary>
    private void SwitchServiceSelector(JsonObject rollout, string? serviceName, string? hash)
    {
        if (string.IsNullOrEmpty(serviceName) || string.IsNullOrEmpty(hash)
            || !store.Contains(ResourceCatalog.Services, Json.Namespace(rollout), serviceName))
            return;
        store.Update(ResourceCatalog.Services, Json.Namespace(rollout), serviceName, service =>
        {
            Json.Obj(Json.Obj(service, "spec"), "selector")[PodHashLabel] = hash;
            return service;
        });
    }

    private string? ServiceSelectorHash(JsonObject rollout, string? serviceName) =>
        string.IsNullOrEmpty(serviceName) ? null
            : Json.Str(store.Get(ResourceCatalog.Services, Json.Namespace(rollout), serviceName)?["spec"]?["selector"]?[PodHashLabel]);

    private static JsonObject? PauseConditionOf(JsonObject status, string reason) =>
        (status["pauseConditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => Json.Str(c["reason"]) == reason);

    private static bool HasPauseCondition(JsonObject status, string reason) => PauseConditionOf(status, reason) is not null;

    private static void RemovePauseCondition(JsonObject status, string reason)
    {
        if (status["pauseConditions"] is not JsonArray conditions)
            return;
        foreach (var condition in conditions.OfType<JsonObject>().Where(c => Json.Str(c["reason"]) == reason).ToList())
            conditions.Remove(condition);
        if (conditions.Count == 0)
            status.Remove("pauseConditions");
    }
}
