using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Controller;

/// <summary>
/// Experiment steps, the rollout's side (rollout/experiment.go): the step creates an Experiment named
/// and shaped as Argo's GetExperimentFromTemplate does, writes <c>status.canary.currentExperiment</c>
/// while it runs, and acts on its phase: Successful → the step is done; Failed/Error → abort
/// ("Experiment analysis phase is error/failed[: message]"); Inconclusive → pause
/// (<c>InconclusiveExperiment</c>). The experiment itself is reconciled in <c>ExperimentReconcile</c>.
/// </summary>
public sealed partial class SimulatedRolloutController
{
    public const string ExperimentNameAnnotation = "experiment.argoproj.io/name";
    public const string ExperimentTemplateNameAnnotation = "experiment.argoproj.io/template-name";


    /// <summary>
    /// The experiment step at <paramref name="index"/> (reconcileExperiments, completedCurrentCanaryStep).
    /// The current experiment is the one <c>status.canary.currentExperiment</c> names, as Argo's
    /// GetCurrentExperiment finds it, so a loaded (even finished) experiment is acted on, not made again.
    /// </summary>
    private StepOutcome RunExperimentStep(JsonObject rollout, JsonObject status, JsonObject step, string hash, string stable, long revision,
        int index, DateTimeOffset now)
    {
        var canaryStatus = Json.Obj(status, "canary");
        var experiment = Json.Str(canaryStatus["currentExperiment"]) is { Length: > 0 } currentName
            ? OwnedExperiment(rollout, currentName)
            : null;
        if (experiment is null)
        {
            // After an inconclusive experiment the rollout waits for a promote, then runs the step again
            // with a fresh experiment. (Argo's reconcileExperiments would start the fresh one while the
            // InconclusiveExperiment pause still holds; waiting for the promote keeps one per decision.)
            if (HasPauseCondition(status, InconclusiveExperiment))
                return new StepOutcome(false, null);
            status.Remove("controllerPause");
            experiment = ReconcileExperiment(CreateExperiment(rollout, step, hash, stable, revision, index), now);
        }

        var experimentStatus = experiment["status"] as JsonObject ?? [];
        switch (Json.Str(experimentStatus["phase"]))
        {
            case "Successful":
                canaryStatus.Remove("currentExperiment");
                status.Remove("controllerPause");
                return new StepOutcome(true, null);
            case "Failed" or "Error":
                canaryStatus.Remove("currentExperiment");
                var detail = Json.Str(experimentStatus["message"]) is { Length: > 0 } message
                    ? $"Experiment analysis phase is error/failed: {message}"
                    : "Experiment analysis phase is error/failed";
                return new StepOutcome(false, AbortedMessage(revision, detail));
            case "Inconclusive":
                canaryStatus.Remove("currentExperiment");
                if (!HasPauseCondition(status, InconclusiveExperiment))
                {
                    var conditions = status["pauseConditions"] as JsonArray ?? [];
                    conditions.Add(new JsonObject { ["reason"] = InconclusiveExperiment, ["startTime"] = Json.Timestamp(now) });
                    status["pauseConditions"] = conditions;
                    status["controllerPause"] = true;
                }
                return new StepOutcome(false, null);
            default:
                canaryStatus["currentExperiment"] = Json.Name(experiment);
                return new StepOutcome(false, null);
        }
    }

    /// <summary>
    /// Argo's GetExperimentFromTemplate and createExperimentWithCollisionHandling (rollout/experiment.go):
    /// <c>{rollout}-{podHash}-{revision}-{stepIndex}</c>, owned by the rollout, the rollout's labels plus
    /// the pod hash, the revision annotation; templates from the canary or stable ReplicaSet. A name
    /// already taken by a finished or different experiment gets <c>-1</c>, <c>-2</c>, … appended.
    /// </summary>
    private JsonObject CreateExperiment(JsonObject rollout, JsonObject step, string hash, string stable, long revision, int index)
    {
        var ns = Json.Namespace(rollout);
        var rolloutSpec = rollout["spec"] as JsonObject ?? [];
        var labels = (rollout["metadata"]?["labels"] as JsonObject)?.DeepClone().AsObject() ?? [];
        labels[PodHashLabel] = hash;
        var spec = new JsonObject();
        CopyIfPresent(step, spec, "duration");
        CopyIfPresent(rolloutSpec, spec, "progressDeadlineSeconds");
        CopyIfPresent(step, spec, "dryRun");
        CopyIfPresent(step, spec, "analysisRunMetadata");
        CopyIfPresent(step, spec, "scaleDownDelaySeconds");
        spec["templates"] = new JsonArray((step["templates"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(t => (JsonNode)ExperimentTemplate(rollout, t, Json.Str(t["specRef"]) == "stable" ? stable : hash))
            .ToArray());
        var analyses = (step["analyses"] as JsonArray ?? []).OfType<JsonObject>().Select(a =>
        {
            var analysis = new JsonObject { ["name"] = Json.Str(a["name"]), ["templateName"] = Json.Str(a["templateName"]) };
            CopyIfPresent(a, analysis, "clusterScope");
            if (a["args"] is JsonArray args)
                analysis["args"] = ResolveArgs(args, hash, stable);
            CopyIfPresent(a, analysis, "requiredForCompletion");
            return (JsonNode)analysis;
        }).ToArray();
        if (analyses.Length > 0)
            spec["analyses"] = new JsonArray(analyses);

        var baseName = $"{Json.Name(rollout)}-{hash}-{revision}-{index}";
        for (var collision = 0; ; collision++)
        {
            var name = collision == 0 ? baseName : $"{baseName}-{collision}";
            if (store.Get(ResourceCatalog.Experiments, ns, name) is { } existing)
            {
                var ours = OwnerUid(existing) == Json.Str(rollout["metadata"]?["uid"]);
                if (ours && !IsCompleted(Json.Str(existing["status"]?["phase"])) && SameExperimentSpec(existing["spec"], spec))
                    return existing;
                continue;
            }
            return store.Create(ResourceCatalog.Experiments, new JsonObject
            {
                ["apiVersion"] = "argoproj.io/v1alpha1",
                ["kind"] = "Experiment",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["namespace"] = ns,
                    ["labels"] = labels.DeepClone(),
                    ["annotations"] = new JsonObject { [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture) },
                    ["ownerReferences"] = OwnerReferences(rollout, "argoproj.io/v1alpha1", "Rollout"),
                },
                ["spec"] = spec.DeepClone(),
            });
        }
    }

    /// <summary>
    /// One experiment template from a rollout step template: the pod template and selector of the
    /// ReplicaSet its <c>specRef</c> names (the rollout's own template with that hash when the
    /// ReplicaSet does not exist yet), the step's selector if given, its metadata labels added to both.
    /// </summary>
    private JsonObject ExperimentTemplate(JsonObject rollout, JsonObject stepTemplate, string sourceHash)
    {
        var source = FindOwnedReplicaSet(rollout, sourceHash);
        var podTemplate = (source?["spec"]?["template"] ?? rollout["spec"]?["template"])?.DeepClone() as JsonObject ?? [];
        Json.Obj(Json.Obj(podTemplate, "metadata"), "labels")[PodHashLabel] = sourceHash;
        var selector = (stepTemplate["selector"] ?? source?["spec"]?["selector"])?.DeepClone() as JsonObject;
        if (selector is null)
        {
            var matchLabels = (rollout["spec"]?["selector"]?["matchLabels"] as JsonObject)?.DeepClone().AsObject() ?? [];
            matchLabels[PodHashLabel] = sourceHash;
            selector = new JsonObject { ["matchLabels"] = matchLabels };
        }
        if (stepTemplate["metadata"]?["labels"] is JsonObject extraLabels)
        {
            foreach (var (key, value) in extraLabels)
            {
                podTemplate["metadata"]!["labels"]![key] = value?.DeepClone();
                Json.Obj(selector, "matchLabels")[key] = value?.DeepClone();
            }
        }
        if (stepTemplate["metadata"]?["annotations"] is JsonObject extraAnnotations)
        {
            var annotations = Json.Obj(Json.Obj(podTemplate, "metadata"), "annotations");
            foreach (var (key, value) in extraAnnotations)
                annotations[key] = value?.DeepClone();
        }
        var template = new JsonObject { ["name"] = Json.Str(stepTemplate["name"]) };
        CopyIfPresent(stepTemplate, template, "replicas");
        if (source?["spec"]?["minReadySeconds"] is { } minReady)
            template["minReadySeconds"] = minReady.DeepClone();
        template["selector"] = selector;
        template["template"] = podTemplate;
        if (stepTemplate["weight"] is not null || stepTemplate["service"] is not null)
            template["service"] = Json.Str(stepTemplate["service"]?["name"]) is { Length: > 0 } serviceName
                ? new JsonObject { ["name"] = serviceName }
                : new JsonObject();
        return template;
    }

    /// <summary>BuildArgumentsForRolloutAnalysisRun, the part that matters here: <c>podTemplateHashValue</c> Stable/Latest become values.</summary>
    private static JsonArray ResolveArgs(JsonArray args, string hash, string stable) =>
        new(args.OfType<JsonObject>().Select(arg =>
        {
            var resolved = arg.DeepClone().AsObject();
            switch (Json.Str(arg["valueFrom"]?["podTemplateHashValue"]))
            {
                case "Stable":
                    resolved.Remove("valueFrom");
                    resolved["value"] = stable;
                    break;
                case "Latest":
                    resolved.Remove("valueFrom");
                    resolved["value"] = hash;
                    break;
            }
            return (JsonNode)resolved;
        }).ToArray());

    /// <summary>Brings every experiment the rollout owns up to date (the experiment controller's pass).</summary>
    private void ReconcileRolloutExperiments(JsonObject rollout, DateTimeOffset now)
    {
        foreach (var experiment in store.OwnedBy(ResourceCatalog.Experiments, Json.Str(rollout["metadata"]?["uid"])))
            ReconcileExperiment(experiment, now);
    }

    /// <summary>
    /// Argo's cancelExperiments: every unfinished experiment of the rollout but the current one gets
    /// <c>spec.terminate: true</c> (and winds down at once: its ReplicaSets scale down, its runs end).
    /// </summary>
    private void CancelOtherExperiments(JsonObject rollout, string? keep)
    {
        foreach (var experiment in store.OwnedBy(ResourceCatalog.Experiments, Json.Str(rollout["metadata"]?["uid"])))
        {
            if (Json.Name(experiment) == keep || Json.Bool(experiment["spec"]?["terminate"]) == true
                || IsCompleted(Json.Str(experiment["status"]?["phase"])))
                continue;
            var terminated = store.Update(ResourceCatalog.Experiments, Json.Namespace(experiment), Json.Name(experiment), current =>
            {
                Json.Obj(current, "spec")["terminate"] = true;
                return current;
            });
            ReconcileExperiment(terminated, time.GetUtcNow());
        }
    }

    /// <summary>Experiments no rollout owns (loaded on their own) are reconciled too.</summary>
    private void ReconcileExperimentsWithoutRollout()
    {
        foreach (var (ns, name) in store.Names(ResourceCatalog.Experiments))
        {
            store.Exclusive(() =>
            {
                if (store.Get(ResourceCatalog.Experiments, ns, name) is { } experiment
                    && (experiment["metadata"]?["ownerReferences"] as JsonArray)?.Any(o => Json.Str(o?["kind"]) == "Rollout") != true)
                    ReconcileExperiment(experiment, time.GetUtcNow());
                return true;
            });
        }
    }

    private JsonObject? OwnedExperiment(JsonObject rollout, string name) =>
        store.Get(ResourceCatalog.Experiments, Json.Namespace(rollout), name) is { } experiment
        && OwnerUid(experiment) == Json.Str(rollout["metadata"]?["uid"])
            ? experiment
            : null;

    private static string? OwnerUid(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .Select(o => Json.Str(o["uid"])).FirstOrDefault(u => u is not null);

    /// <summary>experimentutil.IsSemanticallyEqual: the specs, <c>terminate</c> aside.</summary>
    private static bool SameExperimentSpec(JsonNode? existing, JsonObject wanted)
    {
        var left = existing?.DeepClone() as JsonObject ?? [];
        left.Remove("terminate");
        return Canonical(left) == Canonical(wanted);
    }

    private static bool IsCompleted(string? phase) => ExperimentAssessment.IsCompleted(phase);

    private static void CopyIfPresent(JsonObject from, JsonObject to, string key)
    {
        if (from[key] is { } value)
            to[key] = value.DeepClone();
    }

    /// <summary>
    /// The AnalysisRuns of an experiment are measured by the simulated analysis controller
    /// (<see cref="Analysis.AnalysisController"/>), which reconciles every run whoever created it, as
    /// Argo's analysis controller does; the experiment only reads the run's phase as stored.
    /// </summary>
    private JsonObject AdvanceAnalysisRun(JsonObject run, DateTimeOffset now) =>
        store.Get(ResourceCatalog.AnalysisRuns, Json.Namespace(run), Json.Name(run)) ?? run;

    /// <summary>The rollout an AnalysisRun belongs to: its owner, or its experiment's owner.</summary>
    private JsonObject? OwningRollout(JsonObject run)
    {
        var ns = Json.Namespace(run);
        foreach (var owner in (run["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var ownerName = Json.Str(owner["name"]) ?? "";
            if (Json.Str(owner["kind"]) == "Rollout")
                return store.Get(ResourceCatalog.Rollouts, ns, ownerName);
            if (Json.Str(owner["kind"]) == "Experiment"
                && store.Get(ResourceCatalog.Experiments, ns, ownerName)?["metadata"]?["ownerReferences"] is JsonArray experimentOwners
                && experimentOwners.OfType<JsonObject>().FirstOrDefault(o => Json.Str(o["kind"]) == "Rollout") is { } rolloutOwner)
                return store.Get(ResourceCatalog.Rollouts, ns, Json.Str(rolloutOwner["name"]) ?? "");
        }
        return null;
    }
}
