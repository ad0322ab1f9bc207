using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Controller;

public sealed partial class SimulatedRolloutController
{
    /// <summary>
    /// One reconcile of a canary rollout (or one with no strategy, which is promoted at once), in the
    /// order of Argo's rolloutCanary and syncRolloutStatusCanary (rollout/canary.go): promote-full,
    /// retry, the steps, abort, promotion; then the ReplicaSets, the traffic weights and the conditions.
    /// </summary>
    private void ReconcileCanary(JsonObject rollout, JsonObject spec, JsonObject? canary, JsonObject status, RevisionState revision,
        DateTimeOffset now)
    {
        var name = Json.Name(rollout);
        var replicas = Math.Max(0, Json.Int(spec["replicas"]) ?? 1);
        var hash = revision.Hash;
        var steps = (canary?["steps"] as JsonArray)?.Select(s => s as JsonObject ?? []).ToList() ?? [];
        var paused = Json.Bool(spec["paused"]) == true;

        status["selector"] = FormatSelector(spec["selector"]?["matchLabels"] as JsonObject);
        // A loaded currentStepHash (Argo's own hash) is kept until the steps change (see Revisions).
        status["currentStepHash"] ??= PodTemplateHash.Of(canary?["steps"]);
        if (canary is null || string.IsNullOrEmpty(Json.Str(status["stableRS"])))
            status["stableRS"] = hash;   // no strategy, or nothing stable yet (Argo's "Initial deploy"): promoted at once
        var stable = Json.Str(status["stableRS"])!;

        // The experiment controller runs beside the rollout controller in Argo: bring the rollout's
        // experiments up to date first, so an experiment step sees its experiment's phase.
        ReconcileRolloutExperiments(rollout, now);

        if (stable != hash && Json.Bool(status["promoteFull"]) == true)
            stable = Promote(status, steps.Count, hash);

        // Loaded pods that are not ready keep the new ReplicaSet short of available pods: its setWeight
        // steps wait, as Argo's AtDesiredReplicaCountsForCanary makes them (see UnreadyPods).
        var unreadyCanaryPods = stable == hash ? 0 : UnreadyPods(FindOwnedReplicaSet(rollout, hash));
        string? abortMessage = null;
        if (Json.Bool(status["abort"]) != true && status.ContainsKey("abortedAt"))
        {
            // `abort: false` after an abort (Argo's retry): the steps run again from where the abort left
            // them, step 0 (syncRolloutStatusCanary), with fresh analysis runs and experiments.
            status.Remove("abortedAt");
            if (stable != hash)
                Retry(status, rollout, hash, revision.Number);
        }
        // Argo writes currentExperiment only while the current step is the experiment's (SetCurrentExperiment);
        // an experiment left behind (the step was skipped) is then cancelled below.
        var stepIndex = Json.Int(status["currentStepIndex"]) ?? 0;
        if (stepIndex < 0 || stepIndex >= steps.Count || steps[stepIndex]["experiment"] is null)
            (status["canary"] as JsonObject)?.Remove("currentExperiment");
        // Argo reconciles the analysis runs before the steps, paused or not (rollout/canary.go rolloutCanary):
        // a failed background run aborts, an inconclusive one holds the steps.
        var analysisGate = ReconcileAnalysisRuns(rollout, status, canary, steps, hash, revision.Number, now);
        abortMessage = analysisGate.AbortMessage;
        if (stable != hash && Json.Bool(status["abort"]) != true && !paused && !analysisGate.Hold)
        {
            abortMessage = WalkSteps(rollout, status, steps, hash, stable, revision.Number, unreadyCanaryPods > 0, now);
            stable = Json.Str(status["stableRS"])!;
        }

        var aborted = Json.Bool(status["abort"]) == true;
        var promoted = stable == hash;
        var weight = promoted || aborted ? 0 : CurrentWeight(steps, Json.Int(status["currentStepIndex"]) ?? 0);
        if (aborted)
        {
            // syncRolloutStatusCanary on abort: back to step 0 (or past the end when the aborted revision
            // is the stable one); the pause conditions go (pauseContext.CalculatePauseStatus).
            status["abortedAt"] ??= Json.Timestamp(now);
            if (steps.Count > 0)
                status["currentStepIndex"] = promoted ? steps.Count : 0;
            RemoveAll(status, "pauseConditions", "controllerPause");
            // The detail (which analysis or experiment failed) is written only in the reconcile that
            // aborts; later reconciles write the bare message, as Argo does (pauseContext.abortMessage).
            abortMessage ??= AbortedMessage(revision.Number, null);
        }
        else if (promoted)
        {
            RemoveAll(status, "pauseConditions", "controllerPause", "promoteFull", "abortedAt");
            if (steps.Count > 0)
                status["currentStepIndex"] = steps.Count;
        }
        if (aborted || promoted)
            (status["canary"] as JsonObject)?.Remove("currentExperiment");
        CancelOtherExperiments(rollout, Json.Str(status["canary"]?["currentExperiment"]));

        var counts = ScaleWorkload(rollout, spec, replicas, hash, stable, weight, promoted, trafficRouting: canary?["trafficRouting"] is JsonObject,
            revision.Number, unreadyCanaryPods);
        status["replicas"] = counts.Total;
        status["updatedReplicas"] = counts.Canary;
        status["readyReplicas"] = counts.Available;
        status["availableReplicas"] = counts.Available;
        status["HPAReplicas"] = counts.Total;
        WriteWeights(status, canary, hash, stable, weight, promoted);

        var pausedNow = paused || status["pauseConditions"] is JsonArray { Count: > 0 };
        var stuck = !aborted && !promoted && unreadyCanaryPods > 0;
        WriteProgressConditions(status, $"{name}-{hash}", aborted, abortMessage, pausedNow, promoted, counts.Available >= replicas, now, stuck);
    }

    /// <summary>What a blocking step (analysis, experiment) says: done, still running, or abort with a message.</summary>
    private readonly record struct StepOutcome(bool Done, string? AbortMessage);

    private static string Promote(JsonObject status, int stepCount, string hash)
    {
        status["stableRS"] = hash;
        if (stepCount > 0) status["currentStepIndex"] = stepCount;
        RemoveAll(status, "promoteFull", "pauseConditions", "controllerPause", "abort");
        return hash;
    }

    /// <summary>Retry after an abort: from step 0, with fresh analysis runs (the old ones of this revision are deleted).</summary>
    private void Retry(JsonObject status, JsonObject rollout, string hash, long revision)
    {
        var ns = Json.Namespace(rollout);
        var name = Json.Name(rollout);
        status.Remove("abort");
        status["currentStepIndex"] = 0;
        RemoveAll(status, "pauseConditions", "controllerPause");
        (status["canary"] as JsonObject)?.Remove("currentStepAnalysisRunStatus");
        foreach (var run in store.OwnedBy(ResourceCatalog.AnalysisRuns, Json.Str(rollout["metadata"]?["uid"])))
        {
            if (Json.Name(run).StartsWith($"{name}-{hash}-{revision}-", StringComparison.Ordinal))
                store.Delete(ResourceCatalog.AnalysisRuns, ns, Json.Name(run));
        }
    }

    /// <summary>
    /// Takes every step that does not block, stopping at a pause, a running analysis or a running
    /// experiment; promotes (stableRS = current) past the last step. Returns the abort message when an
    /// analysis or an experiment failed.
    /// </summary>
    private string? WalkSteps(JsonObject rollout, JsonObject status, List<JsonObject> steps, string hash, string stable, long revision,
        bool canaryUnavailable, DateTimeOffset now)
    {
        var index = Math.Clamp(Json.Int(status["currentStepIndex"]) ?? 0, 0, steps.Count);
        string? abortMessage = null;
        while (index < steps.Count)
        {
            var step = steps[index];
            if (step["pause"] is { } pause)
            {
                if (!PauseDone(status, pause, now))
                    break;
                index++;
                continue;
            }
            // An analysis or experiment step blocks until its run or experiment is done; a failure aborts.
            StepOutcome? blocking = step["analysis"] is JsonObject analysis
                ? RunAnalysisStep(rollout, status, analysis, hash, revision, index, now)
                : step["experiment"] is JsonObject experiment
                    ? RunExperimentStep(rollout, status, experiment, hash, stable, revision, index, now)
                    : null;
            if (blocking is { } outcome)
            {
                if (outcome.AbortMessage is { } failure)
                {
                    status["abort"] = true;
                    abortMessage = failure;
                    break;
                }
                if (!outcome.Done)
                    break;
                index++;
                continue;
            }
            // setWeight and every step this simulation does not model (setCanaryScale, routes, plugins): taken
            // at once, unless the canary's pods cannot become available (a scaling step waits for them).
            if (canaryUnavailable && (step["setWeight"] is not null || step["setCanaryScale"] is not null))
                break;
            status.Remove("controllerPause");
            index++;
        }
        if (steps.Count > 0)
            status["currentStepIndex"] = index;
        // shouldFullPromote: past the last step, and the new ReplicaSet available.
        if (index >= steps.Count && abortMessage is null && !canaryUnavailable)
            Promote(status, steps.Count, hash);
        return abortMessage;
    }

    /// <summary>
    /// A pause step (Argo's reconcileCanaryPause and CompletedCanaryPauseStep, rollout/canary.go,
    /// rollout/pause.go): adds a <c>CanaryPauseStep</c> pause condition (and <c>controllerPause</c>) on
    /// arrival; done when its duration elapsed, or when a promote cleared the pause conditions.
    /// </summary>
    private static bool PauseDone(JsonObject status, JsonNode pause, DateTimeOffset now)
    {
        var conditions = status["pauseConditions"] as JsonArray;
        if (conditions is { Count: > 0 })
        {
            var duration = StepDuration.Parse(pause["duration"]);
            var start = DateTimeOffset.TryParse(Json.Str(conditions[0]?["startTime"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s : now;
            if (duration is null || now < start + duration.Value)
                return false;
            RemoveAll(status, "pauseConditions", "controllerPause");
            return true;
        }
        if (Json.Bool(status["controllerPause"]) == true)
        {
            // pauseConditions cleared by a promote while the controller had paused: the step is done.
            status.Remove("controllerPause");
            return true;
        }
        status["pauseConditions"] = new JsonArray(new JsonObject { ["reason"] = CanaryPauseStep, ["startTime"] = Json.Timestamp(now) });
        status["controllerPause"] = true;
        return false;
    }

    /// <summary>Argo's GetCurrentSetWeight: the current step's setWeight, or the nearest earlier one.</summary>
    private static int CurrentWeight(List<JsonObject> steps, int index)
    {
        if (index >= steps.Count)
            return 100;
        for (var i = index; i >= 0; i--)
        {
            if (Json.Int(steps[i]["setWeight"]) is { } weight)
                return Math.Clamp(weight, 0, 100);
        }
        return 0;
    }

    /// <summary><c>status.canary.weights</c> as Argo's traffic routing reconciler writes them (only with <c>trafficRouting</c>).</summary>
    private static void WriteWeights(JsonObject status, JsonObject? canary, string hash, string stable, int weight, bool promoted)
    {
        var canaryStatus = Json.Obj(status, "canary");
        if (canary?["trafficRouting"] is not JsonObject)
        {
            canaryStatus.Remove("weights");
            return;
        }
        canaryStatus["weights"] = new JsonObject
        {
            ["canary"] = new JsonObject
            {
                ["podTemplateHash"] = hash,
                ["serviceName"] = Json.Str(canary["canaryService"]) ?? "",
                ["weight"] = promoted ? 0 : weight,
            },
            ["stable"] = new JsonObject
            {
                ["podTemplateHash"] = promoted ? hash : stable,
                ["serviceName"] = Json.Str(canary["stableService"]) ?? "",
                ["weight"] = promoted ? 100 : 100 - weight,
            },
        };
    }
}
