using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Workload;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanaryDashboard.Simulation.Controller;

/// <summary>
/// A simulated Argo Rollouts controller. Canary (<c>setWeight</c>, <c>pause</c>, <c>analysis</c>,
/// <c>experiment</c> steps; abort, retry, promote, promote-full, manual pause) and blue-green
/// (preview/active selectors, <c>BlueGreenPause</c>, promote). It keeps what it is given: a Rollout
/// loaded with a status keeps its pod hash, stable ReplicaSet, step, abort and pause state, its
/// ReplicaSets and its Experiments; only a later change of <c>spec.template</c> starts a new revision
/// (see the <c>Revisions</c> part). Every reconcile is one read-modify-write under the store's lock;
/// the loop runs on an injected <see cref="TimeProvider"/> so tests advance a clock instead of
/// sleeping. Replicas become available at once; non-blocking steps are all taken in one reconcile.
/// Split by concern: <c>Revisions</c>, <c>Canary</c>, <c>BlueGreen</c>, <c>Experiment</c>,
/// <c>ExperimentReconcile</c> (with <see cref="ExperimentAssessment"/>), <c>Analysis</c>, <c>Workload</c>;
/// the phase is <see cref="RolloutPhase"/>.
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
    public const string InconclusiveExperiment = "InconclusiveExperiment";
    public const string BlueGreenPause = "BlueGreenPause";

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>One pass of the AnalysisRuns and every rollout (<see cref="ReconcileAllAsync"/>), for tests and seeding.</summary>
    public int ReconcileAll() => ReconcileAllAsync().GetAwaiter().GetResult();

    /// <summary>Reconciles every rollout once; a failure on one rollout is logged and never stops the others.</summary>
    private int ReconcileRollouts()
    {
        var count = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (ns, name) in store.Names(ResourceCatalog.Rollouts))
        {
            try
            {
                if (Reconcile(ns, name) is { } uid)
                    seen.Add(uid);
                count++;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Simulated controller could not reconcile rollout {Namespace}/{Name}", ns, name);
            }
        }
        ForgetRevisionsExcept(seen);
        ReconcileExperimentsWithoutRollout();
        return count;
    }

    /// <summary>
    /// Runs Argo's two controllers as Argo runs them, side by side, each every <paramref name="interval"/>
    /// until cancelled: the rollout controller, and the analysis controller taking the measurements
    /// that are due. Apart, because a measurement may wait on its provider (a web metric up to its
    /// timeout) and a rollout's reaction to an abort or a promote must not wait for it. Neither loop
    /// ever dies on an error.
    /// </summary>
    public Task RunAsync(TimeSpan interval, CancellationToken cancellationToken) => Task.WhenAll(
        LoopAsync("rollout", interval, _ =>
        {
            ReconcileRollouts();
            Interlocked.Increment(ref _passes);
            return Task.CompletedTask;
        }, cancellationToken),
        LoopAsync("analysis", interval, MeasureDueAsync, cancellationToken));

    private async Task LoopAsync(string controller, TimeSpan interval, Func<CancellationToken, Task> pass, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await pass(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Simulated {Controller} controller pass failed; retrying on the next tick", controller);
            }
        } while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>One reconcile of one rollout; returns its uid (null when it is gone or has no spec).</summary>
    public string? Reconcile(string ns, string name) => store.Exclusive(() => ReconcileLocked(ns, name));

    private string? ReconcileLocked(string ns, string name)
    {
        var rollout = store.Get(ResourceCatalog.Rollouts, ns, name);
        if (rollout?["spec"] is not JsonObject spec)
            return null;
        var uid = Json.Str(rollout["metadata"]?["uid"]) ?? $"{ns}/{name}";
        var status = (rollout["status"] as JsonObject)?.DeepClone().AsObject() ?? [];
        var generation = Json.Long(rollout["metadata"]?["generation"]) ?? 1;
        if (KeepInvalidSpec(status, generation, $"{ns}/{name}"))
            return uid;

        var now = time.GetUtcNow();
        var revision = ResolveRevision(rollout, spec, status);
        // Argo's persistRolloutStatus: a status written by a controller has seen the current generation,
        // whatever generation a loaded status was written for (rollout/sync.go).
        status["observedGeneration"] = generation.ToString(CultureInfo.InvariantCulture);
        if (spec["restartAt"] is JsonValue restartAt)
            status["restartedAt"] = restartAt.DeepClone();   // pods are restarted at once (not simulated further)

        var strategy = spec["strategy"] as JsonObject;
        if (strategy?["blueGreen"] is JsonObject blueGreen && strategy["canary"] is null)
            ReconcileBlueGreen(rollout, spec, blueGreen, status, revision, now);
        else
            ReconcileCanary(rollout, spec, strategy?["canary"] as JsonObject, status, revision, now);

        var (phase, message) = RolloutPhase.Calculate(spec, status);
        status["phase"] = phase;
        status["message"] = message;
        WriteHealthConditions(status, phase, now);

        store.Update(ResourceCatalog.Rollouts, ns, name, current =>
        {
            current["status"] = status;
            Json.Obj(Json.Metadata(current), "annotations")[RevisionAnnotation] = revision.Number.ToString(CultureInfo.InvariantCulture);
            return current;
        });
        return uid;
    }

    /// <summary>
    /// Argo does not reconcile a rollout whose spec it finds invalid (it only writes the InvalidSpec
    /// condition). The simulation validates only the analysis templates a rollout names (the Analysis
    /// part writes and clears that condition itself, every reconcile), so it trusts any other loaded
    /// InvalidSpec condition until the spec changes (a new generation), then drops it and reconciles as usual.
    /// </summary>
    private bool KeepInvalidSpec(JsonObject status, long generation, string key)
    {
        if (_reportedInvalid.ContainsKey(key))
            return false;   // our own finding (a missing template): checked again on this reconcile
        if (status["conditions"] is not JsonArray conditions
            || conditions.OfType<JsonObject>().FirstOrDefault(c => Json.Str(c["type"]) == "InvalidSpec") is not { } invalid)
            return false;
        if (Json.Long(status["observedGeneration"]) == generation)
            return true;
        conditions.Remove(invalid);
        return false;
    }

    /// <summary>
    /// The Progressing and Available conditions as Argo's calculateRolloutConditions writes them
    /// (rollout/sync.go): RolloutAborted, RolloutPaused, NewReplicaSetAvailable or ReplicaSetUpdated.
    /// A loaded ProgressDeadlineExceeded stays while the new ReplicaSet still cannot become available
    /// (<paramref name="stuck"/>): Argo keeps a timed-out rollout timed out while it makes no progress.
    /// </summary>
    private static void WriteProgressConditions(JsonObject status, string replicaSetName, bool aborted, string? abortMessage, bool paused,
        bool promoted, bool available, DateTimeOffset now, bool stuck = false)
    {
        RolloutConditions.Set(status, "Available", available, "AvailableReason",
            available ? "Rollout has minimum availability" : "Rollout does not have minimum availability", now);
        if (aborted)
            RolloutConditions.Set(status, "Progressing", false, "RolloutAborted", abortMessage ?? "", now);
        else if (paused)
            RolloutConditions.Set(status, "Progressing", null, "RolloutPaused", "Rollout is paused", now);
        else if (stuck && RolloutConditions.MessageOf(status, "Progressing", "ProgressDeadlineExceeded") is not null)
            return;
        else if (promoted)
            RolloutConditions.Set(status, "Progressing", true, "NewReplicaSetAvailable", $"ReplicaSet \"{replicaSetName}\" has successfully progressed.", now);
        else
            RolloutConditions.Set(status, "Progressing", true, "ReplicaSetUpdated", $"ReplicaSet \"{replicaSetName}\" is progressing.", now);
    }

    /// <summary>The Healthy and Completed conditions (they do not take part in the phase).</summary>
    private static void WriteHealthConditions(JsonObject status, string phase, DateTimeOffset now)
    {
        var completed = !string.IsNullOrEmpty(Json.Str(status["stableRS"])) && Json.Str(status["stableRS"]) == Json.Str(status["currentPodHash"]);
        RolloutConditions.Set(status, "Healthy", phase == "Healthy", "RolloutHealthy",
            phase == "Healthy" ? "Rollout is healthy" : "Rollout is not healthy", now);
        RolloutConditions.Set(status, "Completed", completed, completed ? "RolloutCompleted" : "RolloutNotCompleted",
            completed ? "Rollout completed update to the current revision" : "Rollout not completed", now);
    }

    /// <summary><c>metav1.FormatLabelSelector</c> of match labels: <c>key=value</c> pairs sorted by key.</summary>
    private static string FormatSelector(JsonObject? matchLabels) =>
        string.Join(",", (matchLabels ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={Json.Str(kv.Value)}"));

    /// <summary>The abort message Argo's calculateRolloutConditions writes (rollout/sync.go).</summary>
    private static string AbortedMessage(long revision, string? detail) =>
        detail is null ? $"Rollout aborted update to revision {revision}" : $"Rollout aborted update to revision {revision}: {detail}";

    private static void RemoveAll(JsonObject obj, params string[] keys)
    {
        foreach (var key in keys)
            obj.Remove(key);
    }
}
