using System.Globalization;
using System.Text.Json;

namespace CanaryDashboard.Kubernetes.Snapshots;

/// <summary>
/// Builds a <see cref="RolloutSnapshot"/> from a Rollout's JSON and the objects of its namespace,
/// exactly as Argo's CLI does (<c>info.NewRolloutInfo</c>, <c>rolloututil.GetRolloutPhase</c>,
/// <c>replicasetutil.GetCurrentSetWeight</c>, <c>list rollouts</c>). Pure: no I/O, no clock.
/// Missing fields read as Go's zero values, so half-written objects still give a snapshot.
/// </summary>
public static class RolloutSnapshotBuilder
{
    public static RolloutSnapshot Build(JsonElement rollout, RolloutRelatedObjects related)
    {
        var meta = rollout.Prop("metadata");
        var spec = rollout.Prop("spec");
        var status = rollout.Prop("status");
        var canary = spec.Prop("strategy").Prop("canary");
        var blueGreen = spec.Prop("strategy").Prop("blueGreen");
        var isCanary = canary.ValueKind == JsonValueKind.Object;
        var isBlueGreen = !isCanary && blueGreen.ValueKind == JsonValueKind.Object;
        var uid = meta.Str("uid") ?? "";

        var steps = isCanary ? canary.Prop("steps").Items().Select(ParseStep).ToArray() : [];
        var currentStepIndex = status.Int("currentStepIndex");
        var maxWeight = canary.Prop("trafficRouting").Int("maxTrafficWeight") ?? 100;
        var aborted = status.Bool("abort");
        var currentStep = CurrentCanaryStep(steps, currentStepIndex);

        var replicaSets = ReplicaSetInfos(uid, rollout, related.ReplicaSets, related.Pods);
        var experiments = ExperimentInfos(uid, related);
        var analysisRuns = AnalysisRunInfos(uid, related.AnalysisRuns);

        string? step = null, setWeight = null, actualWeight = null;
        if (isCanary)
        {
            if (currentStepIndex is { } index && steps.Length > 0)
                step = $"{index}/{steps.Length}";
            setWeight = CurrentSetWeight(steps, currentStepIndex, aborted, maxWeight).ToString(CultureInfo.InvariantCulture);
            actualWeight = ActualWeight(canary, status, currentStep, maxWeight, setWeight, replicaSets);
        }

        var (phase, message) = RolloutPhase(rollout);
        var replicas = new ReplicaCounts(
            spec.Int("replicas") ?? 1, status.Int("replicas") ?? 0, status.Int("updatedReplicas") ?? 0,
            status.Int("readyReplicas") ?? 0, status.Int("availableReplicas") ?? 0);
        var strategy = isCanary ? "Canary" : isBlueGreen ? "BlueGreen" : "";

        return new RolloutSnapshot
        {
            Namespace = meta.Str("namespace") ?? "",
            Name = meta.Str("name") ?? "",
            Uid = uid,
            Generation = meta.Long("generation") ?? 0,
            ResourceVersion = meta.Str("resourceVersion"),
            CreatedAt = meta.Time("creationTimestamp"),
            Status = phase,
            Message = message,
            Strategy = strategy,
            Step = step,
            CurrentStepIndex = currentStepIndex,
            StepCount = steps.Length,
            SetWeight = setWeight,
            ActualWeight = actualWeight,
            MaxWeight = maxWeight,
            Steps = steps.Select((s, i) => s with { Index = i }).ToArray(),
            Ladder = steps.Select((s, i) => (s, i)).Where(x => x.s.SetWeight is not null)
                .Select(x => new LadderRung(x.i, x.s.SetWeight!.Value)).ToArray(),
            CurrentStep = currentStep is { } cs ? cs.Step with { Index = cs.Index } : null,
            PauseConditions = status.Prop("pauseConditions").Items()
                .Select(p => new PauseConditionInfo(p.Str("reason") ?? "", p.Time("startTime"))).ToArray(),
            Aborted = aborted,
            ControllerPause = status.Bool("controllerPause"),
            Paused = spec.Bool("paused"),
            PromoteFull = status.Bool("promoteFull"),
            Replicas = replicas,
            Images = Images(replicaSets, experiments),
            Containers = Containers(spec, related.WorkloadRef),
            CanaryPodHash = status.Str("currentPodHash"),
            StablePodHash = status.Str("stableRS"),
            Services = new ServiceNames
            {
                Canary = canary.Str("canaryService"),
                Stable = canary.Str("stableService"),
                Active = blueGreen.Str("activeService"),
                Preview = blueGreen.Str("previewService"),
                Ping = canary.Prop("pingPong").Str("pingService"),
                Pong = canary.Prop("pingPong").Str("pongService"),
            },
            TrafficRouting = TrafficRouting(canary, status, maxWeight),
            CurrentStepAnalysisRun = AnalysisRef(status.Prop("canary").Prop("currentStepAnalysisRunStatus")),
            BackgroundAnalysisRun = AnalysisRef(status.Prop("canary").Prop("currentBackgroundAnalysisRunStatus")),
            PrePromotionAnalysisRun = AnalysisRef(status.Prop("blueGreen").Prop("prePromotionAnalysisRunStatus")),
            PostPromotionAnalysisRun = AnalysisRef(status.Prop("blueGreen").Prop("postPromotionAnalysisRunStatus")),
            AnalysisRuns = analysisRuns,
            ReplicaSets = replicaSets,
            CanaryReplicas = isCanary ? CanaryReplicaTarget.Of(rollout, CanaryReplicaSet(uid, status.Str("currentPodHash"), related.ReplicaSets)) : null,
            Experiments = experiments,
            ErrorConditions = ErrorConditions(status, aborted),
            List = new RolloutListRow
            {
                Name = meta.Str("name") ?? "",
                Strategy = isCanary ? "Canary" : isBlueGreen ? "BlueGreen" : "unknown",
                Status = phase,
                Step = step ?? "-",
                SetWeight = setWeight ?? "-",
                Ready = $"{replicas.Ready}/{replicas.Current}",
                Desired = replicas.Desired,
                UpToDate = replicas.Updated,
                Available = replicas.Available,
            },
        };
    }

    /// <summary>The rollout's ReplicaSet of the desired revision (owned by its uid, labelled with <c>currentPodHash</c>).</summary>
    private static ReplicaSetObject? CanaryReplicaSet(string uid, string? currentPodHash, IEnumerable<ReplicaSetObject> replicaSets) =>
        string.IsNullOrEmpty(currentPodHash)
            ? null
            : replicaSets.FirstOrDefault(rs => rs.PodTemplateHash == currentPodHash && rs.OwnerUids.Contains(uid));

    /// <summary>Argo's GetRolloutPhase: the controller's phase when it wrote one, else computed as v0.10 clients do.</summary>
    public static (string Phase, string Message) RolloutPhase(JsonElement rollout)
    {
        var meta = rollout.Prop("metadata");
        var spec = rollout.Prop("spec");
        var status = rollout.Prop("status");

        // A numeric observedGeneration below metadata.generation: the controller has not seen the spec yet.
        if (long.TryParse(status.Str("observedGeneration"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var observed)
            && observed < (meta.Long("generation") ?? 0))
            return ("Progressing", "waiting for rollout spec update to be observed");
        var pauseConditions = status.Prop("pauseConditions").Items().ToArray();
        if (status.Bool("controllerPause") && pauseConditions.Length == 0)
            return ("Progressing", "waiting for rollout to unpause");
        if (status.Str("phase") is { Length: > 0 } phase)
            return (phase, status.Str("message") ?? "");

        foreach (var condition in status.Prop("conditions").Items())
        {
            if (condition.Str("type") == "InvalidSpec")
                return ("Degraded", $"InvalidSpec: {condition.Str("message")}");
            if (condition.Str("reason") is "RolloutAborted" or "ProgressDeadlineExceeded")
                return ("Degraded", $"{condition.Str("reason")}: {condition.Str("message")}");
        }
        if (spec.Bool("paused"))
            return ("Paused", "manually paused");
        if (pauseConditions.Length > 0)
            return ("Paused", pauseConditions[0].Str("reason") ?? "");
        if (spec.Has("restartAt") && (!status.Has("restartedAt") || spec.Time("restartAt") != status.Time("restartedAt")))
            return ("Progressing", "rollout is restarting");

        var desired = spec.Int("replicas") ?? 1;
        var updated = status.Int("updatedReplicas") ?? 0;
        var available = status.Int("availableReplicas") ?? 0;
        if (updated < desired)
            return ("Progressing", "more replicas need to be updated");
        if (available < updated)
            return ("Progressing", "updated replicas are still becoming available");

        var stableRs = status.Str("stableRS") ?? "";
        var currentPodHash = status.Str("currentPodHash") ?? "";
        var fullyPromoted = stableRs == currentPodHash;
        var strategy = spec.Prop("strategy");
        if (strategy.Prop("blueGreen").ValueKind == JsonValueKind.Object && strategy.Prop("canary").ValueKind != JsonValueKind.Object)
        {
            var active = status.Prop("blueGreen").Str("activeSelector") ?? "";
            if (active == "" || active != currentPodHash)
                return ("Progressing", "active service cutover pending");
            if (stableRs == "" || !fullyPromoted)
            {
                var postPromotion = strategy.Prop("blueGreen").Has("postPromotionAnalysis");
                var postStatus = status.Prop("blueGreen").Prop("postPromotionAnalysisRunStatus");
                return postPromotion && (postStatus.ValueKind != JsonValueKind.Object || !IsCompleted(postStatus.Str("status")))
                    ? ("Progressing", "waiting for analysis to complete")
                    : ("Progressing", "waiting for post-promotion verification to complete");
            }
        }
        else if (strategy.Prop("canary") is { ValueKind: JsonValueKind.Object } canary)
        {
            if (!canary.Has("trafficRouting") && (status.Int("replicas") ?? 0) > updated)
                return ("Progressing", "old replicas are pending termination");
            if (stableRs == "" || !fullyPromoted)
                return ("Progressing", "waiting for all steps to complete");
        }
        return ("Healthy", "");
    }

    private static bool IsCompleted(string? analysisPhase) =>
        analysisPhase is "Successful" or "Failed" or "Error" or "Inconclusive";

    private static CanaryStepInfo ParseStep(JsonElement step)
    {
        if (step.Int("setWeight") is { } weight)
            return new CanaryStepInfo(0, "setWeight", $"setWeight: {weight}", weight, null);
        if (step.Prop("pause") is { ValueKind: JsonValueKind.Object } pause)
        {
            var duration = pause.Str("duration");
            return new CanaryStepInfo(0, "pause", duration is null ? "pause" : $"pause: {duration}", null, duration);
        }
        if (step.Has("experiment")) return new CanaryStepInfo(0, "experiment", "experiment", null, null);
        if (step.Has("analysis")) return new CanaryStepInfo(0, "analysis", "analysis", null, null);
        if (step.Prop("setCanaryScale") is { ValueKind: JsonValueKind.Object } scale)
        {
            var text = scale.Int("weight") is { } w ? $"setCanaryScale{{weight: {w}}}"
                : scale.Bool("matchTrafficWeight") ? "setCanaryScale{matchTrafficWeight: true}"
                : scale.Int("replicas") is { } r ? $"setCanaryScale{{replicas: {r}}}" : "invalid";
            return new CanaryStepInfo(0, "setCanaryScale", text, null, null);
        }
        if (step.Has("plugin")) return new CanaryStepInfo(0, "plugin", $"plugin: {step.Prop("plugin").Str("name")}", null, null);
        if (step.Has("setHeaderRoute")) return new CanaryStepInfo(0, "setHeaderRoute", $"setHeaderRoute: {step.Prop("setHeaderRoute").Str("name")}", null, null);
        if (step.Has("setMirrorRoute")) return new CanaryStepInfo(0, "setMirrorRoute", $"setMirrorRoute: {step.Prop("setMirrorRoute").Str("name")}", null, null);
        return new CanaryStepInfo(0, "invalid", "invalid", null, null);
    }

    /// <summary>Argo's GetCurrentCanaryStep: a missing index counts as 0; past the last step there is none.</summary>
    private static (CanaryStepInfo Step, int Index)? CurrentCanaryStep(CanaryStepInfo[] steps, int? currentStepIndex)
    {
        if (steps.Length == 0)
            return null;
        var index = currentStepIndex ?? 0;
        return index >= 0 && index < steps.Length ? (steps[index], index) : null;
    }

    /// <summary>Argo's GetCurrentSetWeight.</summary>
    private static int CurrentSetWeight(CanaryStepInfo[] steps, int? currentStepIndex, bool aborted, int maxWeight)
    {
        if (aborted)
            return 0;
        if (CurrentCanaryStep(steps, currentStepIndex) is not { } current)
            return maxWeight;
        for (var i = current.Index; i >= 0; i--)
        {
            if (steps[i].SetWeight is { } weight)
                return weight;
        }
        return 0;
    }

    private static string ActualWeight(JsonElement canary, JsonElement status, (CanaryStepInfo, int)? currentStep,
        int maxWeight, string setWeight, IReadOnlyList<ReplicaSetInfo> replicaSets)
    {
        if (currentStep is null)
            return maxWeight.ToString(CultureInfo.InvariantCulture);
        var available = status.Int("availableReplicas") ?? 0;
        if (available <= 0)
            return "0";
        if (!canary.Has("trafficRouting"))
        {
            var actual = "0";
            foreach (var rs in replicaSets.Where(rs => rs.Canary))
                actual = (rs.Available * maxWeight / available).ToString(CultureInfo.InvariantCulture);
            return actual;
        }
        var weights = status.Prop("canary").Prop("weights");
        return weights.ValueKind == JsonValueKind.Object
            ? (weights.Prop("canary").Int("weight") ?? 0).ToString(CultureInfo.InvariantCulture)
            : setWeight;
    }

    private static TrafficRoutingInfo? TrafficRouting(JsonElement canary, JsonElement status, int maxWeight)
    {
        var routing = canary.Prop("trafficRouting");
        if (routing.ValueKind != JsonValueKind.Object)
            return null;
        var kinds = routing.Fields()
            .Where(f => f.Name is not ("maxTrafficWeight" or "managedRoutes"))
            .SelectMany(f => f.Name == "plugins" ? f.Value.Fields().Select(p => p.Name) : [f.Name])
            .ToArray();
        var weights = status.Prop("canary").Prop("weights");
        return new TrafficRoutingInfo(
            kinds.Length == 0 ? "unknown" : string.Join("+", kinds), maxWeight,
            weights.ValueKind == JsonValueKind.Object ? weights.Prop("canary").Int("weight") ?? 0 : null,
            weights.ValueKind == JsonValueKind.Object ? weights.Prop("stable").Int("weight") ?? 0 : null);
    }

    /// <summary>Argo's GetReplicaSetInfo with the rollout (canary/stable/active/preview/ping/pong flags).</summary>
    private static IReadOnlyList<ReplicaSetInfo> ReplicaSetInfos(string ownerUid, JsonElement? rollout,
        IEnumerable<ReplicaSetObject> replicaSets, IReadOnlyCollection<PodObject> pods)
    {
        var spec = rollout?.Prop("spec") ?? default;
        var status = rollout?.Prop("status") ?? default;
        var canary = spec.Prop("strategy").Prop("canary");
        var blueGreen = spec.Prop("strategy").Prop("blueGreen");
        var stableRs = status.Str("stableRS") ?? "";
        var currentPodHash = status.Str("currentPodHash") ?? "";
        var pingPong = canary.Has("pingPong");
        var stableIsPing = status.Prop("canary").Str("stablePingPong") == "ping";
        var activeSelector = status.Prop("blueGreen").Str("activeSelector") ?? "";
        var previewSelector = status.Prop("blueGreen").Str("previewSelector") ?? "";

        var infos = new List<ReplicaSetInfo>();
        foreach (var rs in replicaSets)
        {
            if (!rs.OwnerUids.Contains(ownerUid))
                continue;
            bool isCanary = false, isStable = false, isActive = false, isPreview = false, ping = false, pong = false;
            if (rollout is not null)
            {
                var hash = rs.PodTemplateHash ?? "";
                if (canary.ValueKind == JsonValueKind.Object)
                {
                    if (stableRs == hash)
                    {
                        isStable = true;
                        if (pingPong) { ping = stableIsPing; pong = !stableIsPing; }
                    }
                    else if (currentPodHash == hash)
                    {
                        isCanary = true;
                        if (pingPong) { ping = !stableIsPing; pong = stableIsPing; }
                    }
                }
                if (blueGreen.ValueKind == JsonValueKind.Object)
                {
                    if (stableRs == hash)
                        isStable = true;
                    if (activeSelector == hash)
                        isActive = true;
                    else if (previewSelector == hash)
                        isPreview = true;
                }
            }
            var rsPods = pods.Where(p => p.OwnerUids.Contains(rs.Uid))
                .OrderBy(p => p.CreatedAt ?? DateTimeOffset.MinValue).ThenBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => new PodInfo(p.Name, p.Status, p.Ready, p.Restarts, p.CreatedAt))
                .ToArray();
            infos.Add(new ReplicaSetInfo(rs.Name, rs.Uid, rs.PodTemplateHash, rs.Revision, rs.Health,
                rs.Replicas, rs.Available, rs.Images, rs.ExperimentTemplate,
                isCanary, isStable, isActive, isPreview, ping, pong, rsPods));
        }
        // Newest revision first, then by name (Argo's comparator: its creation-time branch has no effect).
        return infos.OrderByDescending(r => r.Revision).ThenBy(r => r.Name, StringComparer.Ordinal).ToArray();
    }

    private static IReadOnlyList<ExperimentInfo> ExperimentInfos(string rolloutUid, RolloutRelatedObjects related) =>
        related.Experiments
            .Where(e => e.OwnerUids.Contains(rolloutUid))
            .OrderByDescending(e => e.Revision).ThenBy(e => e.CreatedAt ?? DateTimeOffset.MinValue)
            .Select(e => new ExperimentInfo(e.Name, e.Phase, e.Message, e.Revision,
                ReplicaSetInfos(e.Uid, null, related.ReplicaSets, related.Pods),
                AnalysisRunInfos(e.Uid, related.AnalysisRuns)))
            .ToArray();

    private static IReadOnlyList<AnalysisRunInfo> AnalysisRunInfos(string ownerUid, IEnumerable<AnalysisRunObject> runs) =>
        runs.Where(r => r.OwnerUids.Contains(ownerUid))
            .OrderByDescending(r => r.Revision)
            .ThenBy(r => r.CreatedAt ?? DateTimeOffset.MinValue)
            .ThenByDescending(r => r.Name, StringComparer.Ordinal)
            .Select(r => new AnalysisRunInfo(r.Name, r.Phase, r.Message, r.Revision, r.Successful, r.Failed, r.Inconclusive, r.Error, r.CreatedAt))
            .ToArray();

    /// <summary>
    /// Argo's Images: running ReplicaSets (replicas &gt; 0) with their role tags, then experiment
    /// ReplicaSets tagged <c>Σ:template</c>. An image met twice gets the union of tags, sorted, as Argo's mergeTags does.
    /// </summary>
    private static IReadOnlyList<ImageInfo> Images(IReadOnlyList<ReplicaSetInfo> replicaSets, IReadOnlyList<ExperimentInfo> experiments)
    {
        var images = new List<ImageInfo>();
        foreach (var rs in replicaSets.Where(rs => rs.Replicas > 0))
        {
            foreach (var image in rs.Images)
            {
                var tags = new List<string>();
                if (rs.Canary) tags.Add("canary");
                if (rs.Stable) tags.Add("stable");
                if (rs.Active) tags.Add("active");
                if (rs.Preview) tags.Add("preview");
                if (rs.Ping) tags.Add("ping");
                if (rs.Pong) tags.Add("pong");
                Merge(images, new ImageInfo(image, tags));
            }
        }
        foreach (var experiment in experiments)
        {
            var experimentImages = new List<ImageInfo>();
            foreach (var rs in experiment.ReplicaSets.Where(rs => rs.Replicas > 0))
            {
                foreach (var image in rs.Images)
                    Merge(experimentImages, new ImageInfo(image, rs.ExperimentTemplate is { Length: > 0 } t ? [$"Σ:{t}"] : []));
            }
            foreach (var image in experimentImages)
                Merge(images, image);
        }
        return images;
    }

    private static void Merge(List<ImageInfo> images, ImageInfo image)
    {
        var found = images.FindIndex(i => i.Image == image.Image);
        if (found < 0)
            images.Add(image);
        else
            images[found] = images[found] with { Tags = images[found].Tags.Union(image.Tags).Order(StringComparer.Ordinal).ToArray() };
        images.Sort((a, b) => string.CompareOrdinal(a.Image, b.Image));
    }

    private static IReadOnlyList<ContainerInfo> Containers(JsonElement spec, DeploymentObject? workloadRef)
    {
        var reference = spec.Prop("workloadRef");
        if (workloadRef is not null && reference.Str("kind") == "Deployment" && reference.Str("name") == workloadRef.Name)
            return workloadRef.Containers;
        return spec.Prop("template").Prop("spec").Prop("containers").Items()
            .Select(c => new ContainerInfo(c.Str("name") ?? "", c.Str("image") ?? ""))
            .ToArray();
    }

    private static AnalysisRunStatusRef? AnalysisRef(JsonElement status) =>
        status.ValueKind == JsonValueKind.Object
            ? new AnalysisRunStatusRef(status.Str("name") ?? "", status.Str("status") ?? "", status.Str("message"))
            : null;

    private static IReadOnlyList<string> ErrorConditions(JsonElement status, bool aborted)
    {
        var errors = status.Prop("conditions").Items()
            .Where(c => c.Str("type") == "InvalidSpec")
            .Select(c => c.Str("message") ?? "")
            .ToList();
        if (aborted)
        {
            foreach (var ar in new[]
                     {
                         status.Prop("canary").Prop("currentStepAnalysisRunStatus"),
                         status.Prop("canary").Prop("currentBackgroundAnalysisRunStatus"),
                         status.Prop("blueGreen").Prop("prePromotionAnalysisRunStatus"),
                         status.Prop("blueGreen").Prop("postPromotionAnalysisRunStatus"),
                     })
            {
                if (ar.ValueKind == JsonValueKind.Object && IsCompleted(ar.Str("status")) && ar.Str("status") != "Successful"
                    && ar.Str("message") is { Length: > 0 } message)
                    errors.Add(message);
            }
        }
        return errors;
    }
}
