using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Controller;

/// <summary>
/// The simulated Argo experiment controller (experiments/experiment.go, experiments/replicaset.go,
/// utils/experiment/experiment.go): one ReplicaSet per template (<c>{experiment}-{template}</c>, owned by
/// the Experiment, annotated with its experiment and template names, pods ready at once), an
/// AnalysisRun per analysis once the templates are available (<c>{experiment}-{analysis}</c>), and the
/// status Argo writes: <c>templateStatuses</c>, <c>availableAt</c>, <c>analysisRuns</c>, <c>phase</c>,
/// <c>message</c>, the Progressing condition. It completes when its <c>duration</c> has passed since
/// <c>availableAt</c>, when its <c>requiredForCompletion</c> analyses succeeded, or early when an
/// analysis fails, errors or is inconclusive; without either it runs until terminated, as in Argo.
/// A finished experiment keeps its phase; its ReplicaSets scale to 0 after <c>scaleDownDelaySeconds</c> (30).
/// </summary>
public sealed partial class SimulatedRolloutController
{
    private JsonObject ReconcileExperiment(JsonObject experiment, DateTimeOffset now)
    {
        var name = Json.Name(experiment);
        var spec = experiment["spec"] as JsonObject ?? [];
        var status = (experiment["status"] as JsonObject)?.DeepClone().AsObject() ?? [];
        var phase = Json.Str(status["phase"]) ?? "";
        var terminating = ExperimentAssessment.IsTerminating(spec, status);
        var passedDuration = ExperimentAssessment.PassedDuration(spec, status, now);

        var templateStatuses = status["templateStatuses"] as JsonArray ?? [];
        status["templateStatuses"] = templateStatuses;
        var progressed = false;
        foreach (var template in (spec["templates"] as JsonArray ?? []).OfType<JsonObject>())
            progressed |= ReconcileTemplate(experiment, spec, template, templateStatuses, phase, terminating, passedDuration, now);

        var (templatesPhase, _) = ExperimentAssessment.AssessTemplates(spec, templateStatuses);
        if (!ExperimentAssessment.IsCompleted(phase) && status["availableAt"] is null && templatesPhase == "Running")
            status["availableAt"] = Json.Timestamp(now);   // before the analyses (Argo: after them), so runs start in this reconcile

        var analysisStatuses = status["analysisRuns"] as JsonArray ?? [];
        foreach (var analysis in (spec["analyses"] as JsonArray ?? []).OfType<JsonObject>())
            ReconcileExperimentAnalysis(experiment, spec, analysis, analysisStatuses, status["availableAt"] is not null, terminating, now);
        if (analysisStatuses.Count > 0)
            status["analysisRuns"] = analysisStatuses;

        if (phase is "" or "Pending" or "Running")
        {
            ExperimentAssessment.CalculatePhase(spec, status);
            // Finished in this pass: wind the templates down now (Argo does it on the requeue that follows at once).
            if (Json.Str(status["phase"]) is { } finished && ExperimentAssessment.IsCompleted(finished))
            {
                foreach (var template in (spec["templates"] as JsonArray ?? []).OfType<JsonObject>())
                    progressed |= ReconcileTemplate(experiment, spec, template, templateStatuses, finished, terminating: true, passedDuration, now);
            }
        }

        if (Json.Str(status["phase"]) == "Successful")
            RolloutConditions.Set(status, "Progressing", false, "ExperimentCompleted", $"Experiment \"{name}\" has successfully ran and completed.", now);
        else if (progressed)
            RolloutConditions.Set(status, "Progressing", true, "ReplicaSetUpdated", $"Experiment \"{name}\" is progressing.", now);
        else if (status["availableAt"] is not null && !ExperimentAssessment.PassedDuration(spec, status, now))
            RolloutConditions.Set(status, "Progressing", true, "NewReplicaSetAvailable", $"Experiment \"{name}\" is running.", now);

        return store.Update(ResourceCatalog.Experiments, Json.Namespace(experiment), name, current =>
        {
            current["status"] = status;
            return current;
        });
    }

    /// <summary>
    /// reconcileTemplate: the template's ReplicaSet at its desired scale (0 once the experiment is
    /// finished or terminating, after the scale-down delay), the template status's counts and code.
    /// Returns whether the counts moved (Argo's "Template progressed").
    /// </summary>
    private bool ReconcileTemplate(JsonObject experiment, JsonObject spec, JsonObject template, JsonArray templateStatuses, string phase,
        bool terminating, bool passedDuration, DateTimeOffset now)
    {
        var templateName = Json.Str(template["name"]) ?? "";
        var templateStatus = templateStatuses.OfType<JsonObject>().FirstOrDefault(t => Json.Str(t["name"]) == templateName);
        if (templateStatus is null)
        {
            templateStatus = new JsonObject { ["name"] = templateName };
            templateStatuses.Add(templateStatus);
        }
        var code = Json.Str(templateStatus["status"]);
        var completed = code is "Successful" or "Failed" or "Error";
        var templateReplicas = Math.Max(0, Json.Int(template["replicas"]) ?? 1);
        var desired = ExperimentAssessment.IsCompleted(phase) || terminating || completed ? 0 : templateReplicas;

        var rs = ExperimentReplicaSet(experiment, templateName);
        if (rs is null)
        {
            rs = CreateExperimentReplicaSet(experiment, template, desired);
            if (rs is null)
            {
                templateStatus["status"] = "Error";
                templateStatus["message"] = $"Failed to create ReplicaSet for template '{templateName}': the name {Json.Name(experiment)}-{templateName} is taken";
                return false;
            }
            templateStatus["lastTransitionTime"] = Json.Timestamp(now);
        }
        else
        {
            rs = ScaleExperimentReplicaSet(spec, rs, desired, now);
        }

        var replicas = Json.Int(rs["spec"]?["replicas"]) ?? 0;
        var progressed = false;
        foreach (var field in new[] { "replicas", "updatedReplicas", "readyReplicas", "availableReplicas" })
        {
            if (Json.Int(templateStatus[field]) != replicas)
                progressed = true;
            templateStatus[field] = replicas;
        }
        if (progressed)
            templateStatus["lastTransitionTime"] = Json.Timestamp(now);
        if (!completed)
        {
            if (replicas == desired)
                templateStatus["status"] = passedDuration || terminating ? "Successful" : "Running";
            else
                templateStatus["status"] = terminating ? "Successful" : "Progressing";
        }
        return progressed;
    }

    /// <summary>getReplicaSetsForExperiment: owned by the experiment, annotated with its name and the template's.</summary>
    private JsonObject? ExperimentReplicaSet(JsonObject experiment, string templateName) =>
        store.OwnedBy(ResourceCatalog.ReplicaSets, Json.Str(experiment["metadata"]?["uid"])).FirstOrDefault(rs =>
            Json.Str(rs["metadata"]?["annotations"]?[ExperimentTemplateNameAnnotation]) == templateName
            && Json.Str(rs["metadata"]?["annotations"]?[ExperimentNameAnnotation]) == Json.Name(experiment));

    /// <summary>
    /// newReplicaSetFromTemplate: the template with its own pod hash (the source's hash label
    /// replaced), <c>{experiment}-{template}</c>, the experiment and template annotations. Null when
    /// the name belongs to someone else.
    /// </summary>
    private JsonObject? CreateExperimentReplicaSet(JsonObject experiment, JsonObject template, int replicas)
    {
        var ns = Json.Namespace(experiment);
        var rsName = $"{Json.Name(experiment)}-{Json.Str(template["name"])}";
        if (store.Contains(ResourceCatalog.ReplicaSets, ns, rsName))
            return null;
        var podTemplate = template["template"]?.DeepClone() as JsonObject ?? [];
        var labels = Json.Obj(Json.Obj(podTemplate, "metadata"), "labels");
        labels.Remove(PodHashLabel);
        var podHash = PodTemplateHash.Of(podTemplate);
        labels[PodHashLabel] = podHash;
        var selector = template["selector"]?.DeepClone() as JsonObject ?? [];
        Json.Obj(selector, "matchLabels")[PodHashLabel] = podHash;
        var rsSpec = new JsonObject { ["replicas"] = replicas };
        CopyIfPresent(template, rsSpec, "minReadySeconds");
        rsSpec["selector"] = selector;
        rsSpec["template"] = podTemplate;
        var created = store.Create(ResourceCatalog.ReplicaSets, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = rsName,
                ["namespace"] = ns,
                ["labels"] = labels.DeepClone(),
                ["annotations"] = new JsonObject
                {
                    [ExperimentNameAnnotation] = Json.Name(experiment),
                    [ExperimentTemplateNameAnnotation] = Json.Str(template["name"]),
                },
                ["ownerReferences"] = OwnerReferences(experiment, "argoproj.io/v1alpha1", "Experiment"),
            },
            ["spec"] = rsSpec,
            ["status"] = ReadyStatus(replicas, replicas, 1),
        });
        EnsurePods(created, replicas);
        return created;
    }

    /// <summary>
    /// Scales a template's ReplicaSet; going to 0 waits for the experiment's scale-down delay
    /// (addScaleDownDelay / scaleTemplateRS: a <c>scale-down-deadline</c> annotation, then 0).
    /// </summary>
    private JsonObject ScaleExperimentReplicaSet(JsonObject spec, JsonObject rs, int desired, DateTimeOffset now)
    {
        if (desired > 0)
            return ScaleReplicaSet(rs, desired);
        var current = Json.Int(rs["spec"]?["replicas"]) ?? 0;
        var delay = TimeSpan.FromSeconds(Json.Long(spec["scaleDownDelaySeconds"]) ?? 30);
        if (delay <= TimeSpan.Zero || current == 0)
            return ScaleReplicaSet(rs, 0, removeAnnotation: ScaleDownDeadlineAnnotation);
        if (!DateTimeOffset.TryParse(Json.Str(rs["metadata"]?["annotations"]?[ScaleDownDeadlineAnnotation]), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var deadline))
            return ScaleReplicaSet(rs, current, addAnnotation: (ScaleDownDeadlineAnnotation, Json.Timestamp(now + delay)));
        return now >= deadline
            ? ScaleReplicaSet(rs, 0, removeAnnotation: ScaleDownDeadlineAnnotation)
            : ScaleReplicaSet(rs, current);
    }

    /// <summary>
    /// reconcileAnalysisRun: nothing before the templates are available; then the run is created
    /// (<c>{experiment}-{analysis}</c>) and followed through the seam (<see cref="AdvanceAnalysisRun"/>);
    /// a finished entry is left alone; a terminating experiment asks its unfinished runs to stop.
    /// </summary>
    private void ReconcileExperimentAnalysis(JsonObject experiment, JsonObject spec, JsonObject analysis, JsonArray entries, bool available,
        bool terminating, DateTimeOffset now)
    {
        var analysisName = Json.Str(analysis["name"]) ?? "";
        var entry = entries.OfType<JsonObject>().FirstOrDefault(e => Json.Str(e["name"]) == analysisName);
        if (entry is null)
        {
            entry = new JsonObject { ["name"] = analysisName, ["analysisRun"] = "", ["phase"] = "" };
            entries.Add(entry);
        }
        if (!available)
            return;
        var ns = Json.Namespace(experiment);
        if (string.IsNullOrEmpty(Json.Str(entry["analysisRun"])))
        {
            if (terminating)
                return;
            var created = AdvanceAnalysisRun(CreateExperimentRun(experiment, spec, analysis), now);
            entry["analysisRun"] = Json.Name(created);
            SetEntryPhase(entry, created);
            return;
        }
        if (ExperimentAssessment.IsCompleted(Json.Str(entry["phase"])))
            return;
        if (store.Get(ResourceCatalog.AnalysisRuns, ns, Json.Str(entry["analysisRun"])!) is not { } run)
        {
            entry["phase"] = "Error";
            entry["message"] = $"analysisruns.argoproj.io \"{Json.Str(entry["analysisRun"])}\" not found";
            return;
        }
        if (terminating)
        {
            if (!ExperimentAssessment.IsCompleted(Json.Str(run["status"]?["phase"])) && Json.Bool(run["spec"]?["terminate"]) != true)
            {
                var stopping = store.Update(ResourceCatalog.AnalysisRuns, ns, Json.Name(run), current =>
                {
                    Json.Obj(current, "spec")["terminate"] = true;
                    return current;
                });
                AdvanceAnalysisRun(stopping, now);
            }
            return;   // Argo no longer copies the run's phase once the experiment is terminating
        }
        SetEntryPhase(entry, AdvanceAnalysisRun(run, now));
    }

    private static void SetEntryPhase(JsonObject entry, JsonObject run)
    {
        entry["phase"] = Json.Str(run["status"]?["phase"]) ?? "Pending";
        if (Json.Str(run["status"]?["message"]) is { Length: > 0 } message)
            entry["message"] = message;
        else
            entry.Remove("message");
    }

    /// <summary>
    /// newAnalysisRun (experiments/experiment.go): <c>{experiment}-{analysis}</c> (<c>.1</c>, <c>.2</c>, …
    /// on a collision, as CreateWithCollisionCounter does), owned by the Experiment, the metrics of the
    /// named AnalysisTemplate (a simulated metric when the template was not loaded), the args merged.
    /// </summary>
    private JsonObject CreateExperimentRun(JsonObject experiment, JsonObject spec, JsonObject analysis)
    {
        var ns = Json.Namespace(experiment);
        var template = Json.Str(analysis["templateName"]) is { } templateName
            ? store.Get(ResourceCatalog.AnalysisTemplates, ns, templateName)
            : null;
        var runSpec = new JsonObject
        {
            ["metrics"] = template?["spec"]?["metrics"]?.DeepClone() as JsonArray
                          ?? new JsonArray(new JsonObject { ["name"] = "canary-safety", ["provider"] = new JsonObject { ["simulated"] = new JsonObject() } }),
        };
        if (MergeArgs(template?["spec"]?["args"] as JsonArray, analysis["args"] as JsonArray) is { Count: > 0 } args)
            runSpec["args"] = args;
        CopyIfPresent(spec, runSpec, "dryRun");
        CopyIfPresent(spec, runSpec, "measurementRetention");
        var metadata = spec["analysisRunMetadata"];

        var baseName = $"{Json.Name(experiment)}-{Json.Str(analysis["name"])}";
        for (var collision = 0; ; collision++)
        {
            var name = collision == 0 ? baseName : $"{baseName}.{collision}";
            if (store.Get(ResourceCatalog.AnalysisRuns, ns, name) is { } existing)
            {
                if (OwnerUid(existing) == Json.Str(experiment["metadata"]?["uid"]) && !ExperimentAssessment.IsCompleted(Json.Str(existing["status"]?["phase"]))
                    && Canonical(existing["spec"]) == Canonical(runSpec))
                    return existing;
                continue;
            }
            var runMetadata = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["ownerReferences"] = OwnerReferences(experiment, "argoproj.io/v1alpha1", "Experiment"),
            };
            if (metadata?["labels"] is JsonObject labels)
                runMetadata["labels"] = labels.DeepClone();
            if (metadata?["annotations"] is JsonObject annotations)
                runMetadata["annotations"] = annotations.DeepClone();
            return store.Create(ResourceCatalog.AnalysisRuns, new JsonObject
            {
                ["apiVersion"] = "argoproj.io/v1alpha1",
                ["kind"] = "AnalysisRun",
                ["metadata"] = runMetadata,
                ["spec"] = runSpec.DeepClone(),
            });
        }
    }

    /// <summary>analysisutil.MergeArgs: the template's arguments, their values taken from the ones given.</summary>
    private static JsonArray? MergeArgs(JsonArray? declared, JsonArray? given)
    {
        if (declared is null)
            return given?.DeepClone().AsArray();
        var merged = declared.DeepClone().AsArray();
        foreach (var arg in (given ?? []).OfType<JsonObject>())
        {
            if (merged.OfType<JsonObject>().FirstOrDefault(m => Json.Str(m["name"]) == Json.Str(arg["name"])) is { } target)
            {
                target.Remove("value");
                target.Remove("valueFrom");
                CopyIfPresent(arg, target, "value");
                CopyIfPresent(arg, target, "valueFrom");
            }
        }
        return merged;
    }
}
