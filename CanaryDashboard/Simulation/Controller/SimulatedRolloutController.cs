using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Workload;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanaryDashboard.Simulation.Controller;

/// <summary>
/// A simulated Argo Rollouts controller for canary rollouts: walks <c>setWeight</c>, <c>pause</c>
/// (indefinite or timed) and <c>analysis</c> steps, honours abort, retry, promote, promote-full and
/// manual pause, scales the ReplicaSets it owns (with pods) and writes the status fields Argo v1.x
/// writes. Every reconcile is one read-modify-write under the store's lock; the loop runs on an
/// injected <see cref="TimeProvider"/> so tests advance a clock instead of sleeping.
/// Replicas become available at once; non-blocking steps are all taken in one reconcile.
/// </summary>
public sealed partial class SimulatedRolloutController(
    ObjectStore store,
    SimulatedWorkload workload,
    TimeProvider time,
    ILogger? logger = null)
{
    public const string RevisionAnnotation = "rollout.argoproj.io/revision";
    public const string PodHashLabel = "rollouts-pod-template-hash";
    public const string CanaryPauseStep = "CanaryPauseStep";
    public const string InconclusiveAnalysisRun = "InconclusiveAnalysisRun";

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>One pass of the AnalysisRuns and every rollout (<see cref="ReconcileAllAsync"/>), for tests and seeding.</summary>
    public int ReconcileAll() => ReconcileAllAsync().GetAwaiter().GetResult();

    /// <summary>Reconciles every rollout once; a failure on one rollout is logged and never stops the others.</summary>
    private int ReconcileRollouts()
    {
        var count = 0;
        foreach (var (ns, name) in store.Names(ResourceCatalog.Rollouts))
        {
            try
            {
                Reconcile(ns, name);
                count++;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Simulated controller could not reconcile rollout {Namespace}/{Name}", ns, name);
            }
        }
        return count;
    }

    /// <summary>Reconciles every <paramref name="interval"/> until cancelled; never dies on an error.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await ReconcileAllAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Simulated controller pass failed; retrying on the next tick");
            }
        } while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    public void Reconcile(string ns, string name) => store.Exclusive(() =>
    {
        ReconcileLocked(ns, name);
        return true;
    });

    private void ReconcileLocked(string ns, string name)
    {
        var rollout = store.Get(ResourceCatalog.Rollouts, ns, name);
        if (rollout?["spec"] is not JsonObject spec)
            return;
        var now = time.GetUtcNow();
        var status = (rollout["status"] as JsonObject)?.DeepClone().AsObject() ?? [];
        var metadata = Json.Metadata(rollout);
        var replicas = Math.Max(0, Json.Int(spec["replicas"]) ?? 1);
        var hash = PodTemplateHash.Of(spec["template"]);
        var canary = spec["strategy"]?["canary"] as JsonObject;
        var steps = (canary?["steps"] as JsonArray)?.Select(s => s as JsonObject ?? []).ToList() ?? [];
        var revision = Json.Long(metadata["annotations"]?[RevisionAnnotation]) ?? 0;
        var paused = Json.Bool(spec["paused"]) == true;
        string? abortMessage = null;

        if (Json.Str(status["currentPodHash"]) != hash || revision == 0)
        {
            revision++;
            if (string.IsNullOrEmpty(Json.Str(status["stableRS"])))
                status["stableRS"] = hash;   // the first version of a rollout skips the steps, as in Argo
            status["currentPodHash"] = hash;
            foreach (var key in new[] { "pauseConditions", "controllerPause", "abort", "abortedAt", "promoteFull" })
                status.Remove(key);
            if (steps.Count > 0)
                status["currentStepIndex"] = 0;
            (status["canary"] as JsonObject)?.Remove("currentStepAnalysisRunStatus");
        }
        status["observedGeneration"] = (Json.Long(metadata["generation"]) ?? 1).ToString(CultureInfo.InvariantCulture);
        status["currentStepHash"] = PodTemplateHash.Of(canary?["steps"]);
        status["selector"] = string.Join(",", (spec["selector"]?["matchLabels"] as JsonObject ?? [])
            .Select(kv => $"{kv.Key}={Json.Str(kv.Value)}"));

        if (canary is null)
            status["stableRS"] = hash;   // blue-green and other strategies: promoted at once (not simulated further)

        var stable = Json.Str(status["stableRS"])!;
        if (stable != hash && Json.Bool(status["promoteFull"]) == true)
            stable = Promote(status, steps.Count, hash);

        // Argo reconciles the analysis runs before the steps, paused or not (rollout/canary.go rolloutCanary).
        var analysis = ReconcileAnalysisRuns(rollout, status, canary, steps, hash, revision, now);
        abortMessage = analysis.AbortMessage;
        if (stable != hash && Json.Bool(status["abort"]) != true)
        {
            if (status.ContainsKey("abortedAt"))
                Retry(status, ns, name, hash, revision);
            if (!paused && !analysis.Hold)
            {
                abortMessage = WalkSteps(rollout, status, steps, hash, revision, now);
                stable = Json.Str(status["stableRS"])!;
            }
        }

        var aborted = stable != hash && Json.Bool(status["abort"]) == true;
        var promoted = stable == hash;
        var weight = promoted || aborted ? 0 : CurrentWeight(steps, Json.Int(status["currentStepIndex"]) ?? 0);
        string phase, message;
        if (promoted)
        {
            foreach (var key in new[] { "pauseConditions", "controllerPause", "promoteFull", "abortedAt" })
                status.Remove(key);
            if (steps.Count > 0) status["currentStepIndex"] = steps.Count;
            (phase, message) = paused ? ("Paused", "manually paused") : ("Healthy", "");
        }
        else if (aborted)
        {
            status["abortedAt"] ??= Json.Timestamp(now);
            status["currentStepIndex"] = 0;
            status.Remove("pauseConditions");
            status.Remove("controllerPause");
            abortMessage ??= RolloutConditions.MessageOf(status, "Progressing", "RolloutAborted")
                             ?? $"Rollout aborted update to revision {revision}";
            (phase, message) = ("Degraded", "RolloutAborted: " + abortMessage);
        }
        else if (paused)
        {
            (phase, message) = ("Paused", "manually paused");
        }
        else if ((status["pauseConditions"] as JsonArray)?.FirstOrDefault() is JsonObject pause)
        {
            (phase, message) = ("Paused", Json.Str(pause["reason"]) ?? CanaryPauseStep);
        }
        else
        {
            (phase, message) = ("Progressing", "waiting for all steps to complete");
        }

        var counts = ScaleWorkload(rollout, spec, replicas, hash, stable, weight, promoted, trafficRouting: canary?["trafficRouting"] is JsonObject, revision);
        status["replicas"] = counts.Total;
        status["updatedReplicas"] = counts.Canary;
        status["readyReplicas"] = counts.Total;
        status["availableReplicas"] = counts.Total;
        status["HPAReplicas"] = counts.Total;
        WriteWeights(status, canary, hash, stable, weight, promoted);

        status["phase"] = phase;
        status["message"] = message;
        WriteConditions(status, name, hash, phase, aborted ? abortMessage! : null, promoted, counts.Total >= replicas, now);

        store.Update(ResourceCatalog.Rollouts, ns, name, current =>
        {
            current["status"] = status;
            Json.Obj(Json.Metadata(current), "annotations")[RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture);
            return current;
        });
    }

    private static string Promote(JsonObject status, int stepCount, string hash)
    {
        status["stableRS"] = hash;
        if (stepCount > 0) status["currentStepIndex"] = stepCount;
        foreach (var key in new[] { "promoteFull", "pauseConditions", "controllerPause", "abort" })
            status.Remove(key);
        return hash;
    }

    /// <summary><c>abort: false</c> after an abort: start again from step 0, with fresh analysis runs.</summary>
    private void Retry(JsonObject status, string ns, string name, string hash, long revision)
    {
        status.Remove("abortedAt");
        status.Remove("abort");
        status["currentStepIndex"] = 0;
        status.Remove("pauseConditions");
        status.Remove("controllerPause");
        (status["canary"] as JsonObject)?.Remove("currentStepAnalysisRunStatus");
        foreach (var run in store.OwnedBy(ResourceCatalog.AnalysisRuns, Json.Str(store.Get(ResourceCatalog.Rollouts, ns, name)?["metadata"]?["uid"])))
        {
            if (Json.Name(run).StartsWith($"{name}-{hash}-{revision}-", StringComparison.Ordinal))
                store.Delete(ResourceCatalog.AnalysisRuns, ns, Json.Name(run));
        }
    }

    /// <summary>
    /// Takes every step that does not block, stopping at a pause or a running analysis; promotes
    /// (stableRS = current) past the last step. Returns an abort message when an analysis failed.
    /// </summary>
    private string? WalkSteps(JsonObject rollout, JsonObject status, List<JsonObject> steps, string hash, long revision, DateTimeOffset now)
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
            if (step["analysis"] is JsonObject analysis)
            {
                var outcome = RunAnalysisStep(rollout, status, analysis, hash, revision, index, now);
                if (outcome.Failed is { } failure)
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
            // setWeight and every step this simulation does not model (experiment, setCanaryScale, routes): taken at once.
            status.Remove("controllerPause");
            index++;
        }
        if (steps.Count > 0)
            status["currentStepIndex"] = index;
        if (index >= steps.Count && abortMessage is null)
            Promote(status, steps.Count, hash);
        return abortMessage;
    }

    /// <summary>
    /// A pause step: adds a <c>CanaryPauseStep</c> pause condition (and <c>controllerPause</c>) on
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
            status.Remove("pauseConditions");
            status.Remove("controllerPause");
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

    private static int CurrentWeight(List<JsonObject> steps, int index)
    {
        for (var i = Math.Min(index, steps.Count) - 1; i >= 0; i--)
        {
            if (Json.Int(steps[i]["setWeight"]) is { } weight)
                return Math.Clamp(weight, 0, 100);
        }
        return 0;
    }

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

    private static void WriteConditions(JsonObject status, string name, string hash, string phase, string? abortMessage, bool promoted,
        bool available, DateTimeOffset now)
    {
        RolloutConditions.Set(status, "Available", available, "AvailableReason",
            available ? "Rollout has minimum availability" : "Rollout does not have minimum availability", now);
        if (abortMessage is not null)
            RolloutConditions.Set(status, "Progressing", false, "RolloutAborted", abortMessage, now);
        else if (phase == "Paused")
            RolloutConditions.Set(status, "Progressing", null, "RolloutPaused", "Rollout is paused", now);
        else if (promoted)
            RolloutConditions.Set(status, "Progressing", true, "NewReplicaSetAvailable", $"Rollout \"{name}\" has successfully progressed.", now);
        else
            RolloutConditions.Set(status, "Progressing", true, "ReplicaSetUpdated", $"ReplicaSet \"{name}-{hash}\" is progressing.", now);
        RolloutConditions.Set(status, "Healthy", phase == "Healthy", "RolloutHealthy",
            phase == "Healthy" ? "Rollout is healthy" : "Rollout is not healthy", now);
        RolloutConditions.Set(status, "Completed", promoted, promoted ? "RolloutCompleted" : "RolloutNotCompleted",
            promoted ? "Rollout completed update to the current revision" : "Rollout not completed", now);
    }
}
