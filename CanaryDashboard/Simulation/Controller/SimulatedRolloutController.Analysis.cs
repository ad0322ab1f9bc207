using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis;
using CanaryDashboard.Simulation.Analysis.Runs;
using CanaryDashboard.Simulation.Analysis.Templates;
using CanaryDashboard.Simulation.Api;
using Microsoft.Extensions.Logging;

namespace CanaryDashboard.Simulation.Controller;

/// <summary>
/// The rollout controller's side of analysis, as Argo's rollout/analysis.go: it creates the
/// AnalysisRuns of analysis steps and of the background analysis from their templates and
/// reacts to their phases; <see cref="AnalysisController"/> measures them.
/// </summary>
public sealed partial class SimulatedRolloutController
{
    /// <summary>Labels Argo puts on a rollout's runs (pkg/apis/rollouts/v1alpha1/types.go).</summary>
    public const string RolloutTypeLabel = "rollout-type";
    public const string StepIndexLabel = "step-index";
    public const string InvalidSpecCondition = "InvalidSpec";

    private const string StepRunField = "currentStepAnalysisRunStatus";
    private const string BackgroundRunField = "currentBackgroundAnalysisRunStatus";

    /// <summary>utils/defaults: <c>successfulRunHistoryLimit</c> and <c>unsuccessfulRunHistoryLimit</c>.</summary>
    private const int DefaultRunHistoryLimit = 5;

    private readonly AnalysisController _analysis = new(store, workload, time, logger);
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly ConcurrentDictionary<string, string> _reportedInvalid = new(StringComparer.Ordinal);

    /// <summary>The simulated cluster's analysis controller (measures every AnalysisRun; its <c>Dns</c> says what the web provider may call).</summary>
    public AnalysisController Analysis => _analysis;


    /// <summary>What the analysis runs decided for this reconcile: an abort, or to hold the steps (InvalidSpec, an inconclusive pause).</summary>
    private readonly record struct AnalysisGate(string? AbortMessage, bool Hold);

    private long _passes;
    private readonly SemaphoreSlim _measuring = new(1, 1);

    /// <summary>The analysis controller's pass: the measurements that are due, one pass at a time (never the same run twice at once).</summary>
    private async Task MeasureDueAsync(CancellationToken cancellationToken)
    {
        await _measuring.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _analysis.ReconcileAllAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _measuring.Release();
        }
    }

    /// <summary>Rollout passes completed since start (the loop's, and <see cref="ReconcileAllAsync"/>'s): a test advances its clock and waits for the next pass instead of sleeping.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>How many rounds one pass may take while its rounds still change something.</summary>
    private const int MaxRoundsPerPass = 5;

    /// <summary>
    /// One pass of both controllers: the AnalysisRuns take the measurements that are due, then the
    /// rollouts react (and create or terminate runs). While a round changed anything, another
    /// follows at once — as Argo's two controllers react to each other's writes through their
    /// watches — so a run created is measured, and a run terminated ends, in the same pass.
    /// Nothing is written when nothing changed, so a quiet pass is one round. Passes never overlap.
    /// For tests and seeding, which want both controllers settled at one instant; the running
    /// cluster runs the two apart (<see cref="RunAsync"/>).
    /// </summary>
    public async Task<int> ReconcileAllAsync(CancellationToken cancellationToken = default)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var count = 0;
            for (var round = 0; round < MaxRoundsPerPass; round++)
            {
                var version = store.ResourceVersion;
                await MeasureDueAsync(cancellationToken).ConfigureAwait(false);
                count = ReconcileRollouts();
                if (store.ResourceVersion == version)
                    break;
            }
            Interlocked.Increment(ref _passes);
            return count;
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>
    /// rollout/analysis.go <c>reconcileAnalysisRuns</c> for a canary, before the steps are walked:
    /// when the rollout is fully promoted, aborted, promoted in full or just created, its current
    /// runs are terminated and forgotten; otherwise the step run of a step left behind is
    /// terminated, the background run is created or reacted to (<see cref="ReconcileBackgroundRun"/>),
    /// and every other run of the rollout still running is terminated, the oldest completed ones
    /// deleted past the history limits. A template that does not exist holds the rollout with an
    /// <c>InvalidSpec</c> condition, as Argo's validation does.
    /// </summary>
    private AnalysisGate ReconcileAnalysisRuns(JsonObject rollout, JsonObject status, JsonObject? canary, List<JsonObject> steps, string hash,
        long revision, DateTimeOffset now)
    {
        if (canary is null)
            return default;
        var owned = store.OwnedBy(ResourceCatalog.AnalysisRuns, Json.Str(rollout["metadata"]?["uid"]))
            .ToDictionary(Json.Name, StringComparer.Ordinal);
        var stepRun = CurrentRun(status, StepRunField, owned, hash);
        var backgroundRun = CurrentRun(status, BackgroundRunField, owned, hash);

        if (ValidateAnalysisReferences(rollout, canary, steps) is { } invalid)
        {
            RolloutConditions.Set(status, InvalidSpecCondition, true, InvalidSpecCondition, invalid, now);
            if (_reportedInvalid.TryGetValue(Key(rollout), out var reported) is false || reported != invalid)
            {
                _reportedInvalid[Key(rollout)] = invalid;
                _logger.LogWarning("Simulated controller: {Message}", invalid);
            }
            return new AnalysisGate(null, Hold: true);
        }
        RemoveCondition(status, InvalidSpecCondition);
        _reportedInvalid.TryRemove(Key(rollout), out _);

        var stable = Json.Str(status["stableRS"]);
        var aborted = Json.Bool(status["abort"]) == true;
        if (stable == hash || aborted || Json.Bool(status["promoteFull"]) == true || string.IsNullOrEmpty(stable))
        {
            Terminate(stepRun);
            Terminate(backgroundRun);
            (status["canary"] as JsonObject)?.Remove(StepRunField);
            (status["canary"] as JsonObject)?.Remove(BackgroundRunField);
            CancelAndPruneOthers(rollout, owned, []);
            return default;
        }

        // reconcileStepBasedAnalysisRun: the run of a step the rollout has left (a promote) is cancelled.
        var index = Json.Int(status["currentStepIndex"]) ?? 0;
        if (stepRun is not null && PauseConditions(status).Count == 0
            && (index >= steps.Count || steps[index]["analysis"] is not JsonObject
                || Json.Str(stepRun["metadata"]?["labels"]?[StepIndexLabel]) != index.ToString(CultureInfo.InvariantCulture)))
        {
            Terminate(stepRun);
            (status["canary"] as JsonObject)?.Remove(StepRunField);
            stepRun = null;
        }

        var abortMessage = ReconcileBackgroundRun(rollout, status, canary, hash, revision, backgroundRun, now, out var currentBackground);
        if (abortMessage is not null)
            status["abort"] = true;   // pause.go AddAbort
        CancelAndPruneOthers(rollout, owned, [Json.Name(stepRun ?? []), Json.Name(currentBackground ?? [])]);
        return new AnalysisGate(abortMessage, HasPauseCondition(status, InconclusiveAnalysisRun));
    }

    /// <summary>
    /// rollout/analysis.go <c>reconcileBackgroundAnalysisRun</c>: none before <c>startingStep</c>;
    /// while paused for an inconclusive run, nothing more; a new run when there is none (or after
    /// a promote past an inconclusive one, or a retry); then Inconclusive pauses the rollout
    /// (<c>InconclusiveAnalysisRun</c>), Failed or Error aborts it. The run is labelled
    /// <c>rollout-type: Background</c> and named <c>{rollout}-{hash}-{revision}</c>.
    /// </summary>
    private string? ReconcileBackgroundRun(JsonObject rollout, JsonObject status, JsonObject canary, string hash, long revision,
        JsonObject? current, DateTimeOffset now, out JsonObject? kept)
    {
        kept = null;
        var analysis = canary["analysis"] as JsonObject;
        var index = Json.Int(status["currentStepIndex"]) ?? 0;
        var beforeStartingStep = Json.Int(analysis?["startingStep"]) is { } startingStep && index < startingStep;
        if (analysis?["templates"] is not JsonArray { Count: > 0 } || beforeStartingStep)
        {
            (status["canary"] as JsonObject)?.Remove(BackgroundRunField);
            return null;
        }
        if (HasPauseCondition(status, InconclusiveAnalysisRun))
        {
            // Paused for an inconclusive run: nothing happens until a promote clears the pause.
            kept = current;
            if (current is not null)
                WriteRunStatus(status, BackgroundRunField, current);
            return null;
        }
        if (NeedsNewAnalysisRun(current, status))
        {
            kept = CreateRun(rollout, analysis, status, hash, revision, infix: "", new Dictionary<string, string>
            {
                [PodHashLabel] = hash,
                [RolloutTypeLabel] = "Background",
            });
            if (kept is not null)
                WriteRunStatus(status, BackgroundRunField, kept);
            return null;
        }

        kept = current!;
        WriteRunStatus(status, BackgroundRunField, kept);
        switch (Json.Str(kept["status"]?["phase"]))
        {
            case AnalysisPhase.Inconclusive:
                AddPauseCondition(status, InconclusiveAnalysisRun, now);
                return null;
            case AnalysisPhase.Failed or AnalysisPhase.Error:
                return AbortMessage(revision, "Background analysis phase error/failed", kept);
            default:
                return null;
        }
    }

    /// <summary>
    /// An analysis step (rollout/analysis.go <c>reconcileStepBasedAnalysisRun</c> and canary.go
    /// <c>completedCurrentCanaryStep</c>): creates the step's run (<c>{rollout}-{hash}-{revision}-{index}</c>,
    /// <c>rollout-type: Step</c>, <c>step-index</c>); the step is done when the run is Successful;
    /// Failed or Error aborts the rollout; Inconclusive pauses it with <c>InconclusiveAnalysisRun</c>
    /// until promoted (Argo's promote moves past the step; clearing only the pause conditions runs
    /// the analysis again).
    /// </summary>
    private StepOutcome RunAnalysisStep(JsonObject rollout, JsonObject status, JsonObject analysis, string hash, long revision, int index,
        DateTimeOffset now)
    {
        if (PauseConditions(status).Count > 0 || Json.Bool(status["abort"]) == true)
            return new StepOutcome(false, null);
        if (analysis["templates"] is not JsonArray { Count: > 0 })
            return new StepOutcome(false, null);   // Argo keeps waiting for a run that is never created
        var owned = store.OwnedBy(ResourceCatalog.AnalysisRuns, Json.Str(rollout["metadata"]?["uid"]))
            .ToDictionary(Json.Name, StringComparer.Ordinal);
        var current = CurrentRun(status, StepRunField, owned, hash);
        if (current is not null && Json.Str(current["metadata"]?["labels"]?[StepIndexLabel]) != index.ToString(CultureInfo.InvariantCulture))
            current = null;

        var createNew = NeedsNewAnalysisRun(current, status);
        status.Remove("controllerPause");   // no pause condition: Argo's new status has no controller pause
        if (createNew)
        {
            var created = CreateRun(rollout, analysis, status, hash, revision, index.ToString(CultureInfo.InvariantCulture), new Dictionary<string, string>
            {
                [PodHashLabel] = hash,
                [RolloutTypeLabel] = "Step",
                [StepIndexLabel] = index.ToString(CultureInfo.InvariantCulture),
            });
            if (created is not null)
                WriteRunStatus(status, StepRunField, created);
            return new StepOutcome(false, null);
        }

        var run = current!;
        WriteRunStatus(status, StepRunField, run);
        switch (Json.Str(run["status"]?["phase"]))
        {
            case AnalysisPhase.Successful:
                (status["canary"] as JsonObject)?.Remove(StepRunField);   // syncRolloutStatusCanary: the step is completed
                return new StepOutcome(true, null);
            case AnalysisPhase.Failed or AnalysisPhase.Error:
                return new StepOutcome(false, AbortMessage(revision, "Step-based analysis phase error/failed", run));
            case AnalysisPhase.Inconclusive:
                AddPauseCondition(status, InconclusiveAnalysisRun, now);
                return new StepOutcome(false, null);
            default:
                return new StepOutcome(false, null);
        }
    }

    /// <summary>
    /// rollout/analysis.go <c>needsNewAnalysisRun</c>: there is no current run; or the controller
    /// paused (no pause step holds it) and the run ended Inconclusive, i.e. a promote cleared the
    /// inconclusive pause; or the rollout was aborted and is being retried.
    /// </summary>
    private static bool NeedsNewAnalysisRun(JsonObject? current, JsonObject status)
    {
        if (current is null)
            return true;
        if (Json.Bool(status["controllerPause"]) == true && !HasPauseCondition(status, CanaryPauseStep))
            return Json.Str(current["status"]?["phase"]) == AnalysisPhase.Inconclusive;
        return status.ContainsKey("abortedAt");
    }

    /// <summary>Creates the run (rollout/analysis.go <c>createAnalysisRun</c>); null when it cannot be built (logged; the rollout waits).</summary>
    private JsonObject? CreateRun(JsonObject rollout, JsonObject analysis, JsonObject status, string hash, long revision, string infix,
        Dictionary<string, string> labels)
    {
        try
        {
            var stableHash = Json.Str(status["stableRS"]) ?? "";
            var args = RolloutAnalysisArgs.Build(analysis["args"], rollout, stableHash, hash);
            var templates = TemplateRefs.Resolve(store, Json.Namespace(rollout), analysis["templates"]);
            var spec = AnalysisRunFactory.Spec(templates, args, analysis["dryRun"], analysis["measurementRetention"]);
            var withRevision = rollout.DeepClone().AsObject();
            Json.Obj(Json.Metadata(withRevision), "annotations")[RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture);
            var run = AnalysisRunFactory.New(withRevision, analysis, spec, hash, revision, infix, labels);
            return AnalysisRunFactory.Create(store, run);
        }
        catch (Exception e) when (e is FormatException or TemplateNotFoundException)
        {
            _logger.LogWarning("Simulated controller could not create an AnalysisRun for rollout {Rollout}: {Reason}", Key(rollout), e.Message);
            return null;
        }
    }

    /// <summary>
    /// rollout/controller.go <c>getRolloutValidationErrors</c> for analysis: every template an
    /// analysis step or the background analysis names must exist, the run must be buildable from
    /// it, and a step's metrics must end (a count, or neither count nor interval). Argo's message.
    /// </summary>
    private string? ValidateAnalysisReferences(JsonObject rollout, JsonObject canary, List<JsonObject> steps)
    {
        var checks = steps
            .Select((step, i) => (Analysis: step["analysis"] as JsonObject, Path: $"spec.strategy.canary.steps[{i}].analysis.templates", Step: true))
            .Append((Analysis: canary["analysis"] as JsonObject, Path: "spec.strategy.canary.analysis.templates", Step: false))
            .Where(c => c.Analysis is not null);
        foreach (var (analysis, path, isStep) in checks)
        {
            ReferencedTemplates templates;
            try
            {
                templates = TemplateRefs.Resolve(store, Json.Namespace(rollout), analysis!["templates"]);
            }
            catch (TemplateNotFoundException e)
            {
                return Invalid(rollout, $"{path}: Invalid value: \"{e.TemplateName}\": {e.Message}");
            }
            catch (FormatException e)
            {
                return Invalid(rollout, $"{path}: {e.Message}");
            }
            try
            {
                var args = RolloutAnalysisArgs.Build(analysis["args"], rollout, "dummy-stable-hash", "dummy-canary-hash");
                AnalysisRunFactory.Spec(templates, args, analysis["dryRun"], analysis["measurementRetention"]);
            }
            catch (FormatException e)
            {
                return Invalid(rollout, $"{path}: Invalid value: \"templateNames: [{string.Join(" ", templates.Names)}]\": {e.Message}");
            }
            if (!isStep)
                continue;
            foreach (var template in templates.Namespaced.Concat(templates.Cluster))
            {
                foreach (var metric in (template["spec"]?["metrics"] as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    var spec = new MetricSpec(metric);
                    var countIsArgument = Json.Str(metric["count"]) is { } text && !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
                    if (spec.EffectiveCount is null && !countIsArgument)
                        return Invalid(rollout, $"{path}: Invalid value: \"{Json.Name(template)}\": AnalysisTemplate {Json.Name(template)} has metric {spec.Name} which runs indefinitely. Invalid value for count: {(metric["count"] is null ? "<nil>" : metric["count"]!.ToJsonString())}");
                }
            }
        }
        return null;
    }

    private static string Invalid(JsonObject rollout, string detail) => $"The Rollout \"{Json.Name(rollout)}\" is invalid: {detail}";

    /// <summary>
    /// rollout/analysis.go: the runs of this rollout that are not current are terminated
    /// (<c>cancelAnalysisRuns</c>), and the completed ones past <c>spec.analysis.successfulRunHistoryLimit</c>
    /// / <c>unsuccessfulRunHistoryLimit</c> (5 each), newest kept, are deleted with those whose
    /// ReplicaSet is gone (utils/analysis/filter.go <c>FilterAnalysisRunsToDelete</c>).
    /// </summary>
    private void CancelAndPruneOthers(JsonObject rollout, Dictionary<string, JsonObject> owned, HashSet<string> current)
    {
        var others = owned.Values.Where(r => !current.Contains(Json.Name(r))).ToList();
        if (others.Count == 0)
            return;
        foreach (var run in others)
            Terminate(run);

        var limits = rollout["spec"]?["analysis"];
        var keepSuccessful = Json.Int(limits?["successfulRunHistoryLimit"]) ?? DefaultRunHistoryLimit;
        var keepUnsuccessful = Json.Int(limits?["unsuccessfulRunHistoryLimit"]) ?? DefaultRunHistoryLimit;
        var hashes = store.OwnedBy(ResourceCatalog.ReplicaSets, Json.Str(rollout["metadata"]?["uid"]))
            .Select(rs => Json.Str(rs["metadata"]?["labels"]?[PodHashLabel]))
            .ToHashSet(StringComparer.Ordinal);
        int successful = 0, unsuccessful = 0;
        foreach (var run in others.OrderByDescending(r => Json.Str(r["metadata"]?["creationTimestamp"]), StringComparer.Ordinal)
                     .ThenByDescending(Json.Name, StringComparer.Ordinal))
        {
            var hash = Json.Str(run["metadata"]?["labels"]?[PodHashLabel]);
            var delete = hash is null || !hashes.Contains(hash);
            switch (Json.Str(run["status"]?["phase"]))
            {
                case AnalysisPhase.Successful:
                    delete |= ++successful > keepSuccessful;
                    break;
                case AnalysisPhase.Failed or AnalysisPhase.Error or AnalysisPhase.Inconclusive:
                    delete |= ++unsuccessful > keepUnsuccessful;
                    break;
            }
            if (delete && store.Contains(ResourceCatalog.AnalysisRuns, Json.Namespace(run), Json.Name(run)))
                store.Delete(ResourceCatalog.AnalysisRuns, Json.Namespace(run), Json.Name(run));
        }
    }

    /// <summary>rollout/analysis.go <c>cancelAnalysisRuns</c>: <c>{"spec":{"terminate":true}}</c> on a run still running.</summary>
    private void Terminate(JsonObject? run)
    {
        if (run is null || Json.Bool(run["spec"]?["terminate"]) == true || AnalysisPhase.Completed(Json.Str(run["status"]?["phase"])))
            return;
        if (!store.Contains(ResourceCatalog.AnalysisRuns, Json.Namespace(run), Json.Name(run)))
            return;
        store.Update(ResourceCatalog.AnalysisRuns, Json.Namespace(run), Json.Name(run), current =>
        {
            Json.Obj(current, "spec")["terminate"] = true;
            return current;
        });
    }

    /// <summary>
    /// The run a status field names (utils/analysis/filter.go <c>FilterCurrentRolloutAnalysisRuns</c>),
    /// if it still exists and belongs to the current pod template; otherwise the field goes (Argo
    /// writes the field only for a current run).
    /// </summary>
    private static JsonObject? CurrentRun(JsonObject status, string field, Dictionary<string, JsonObject> owned, string hash)
    {
        if (status["canary"] is not JsonObject canaryStatus || Json.Str(canaryStatus[field]?["name"]) is not { } name)
            return null;
        if (owned.TryGetValue(name, out var run) && Json.Str(run["metadata"]?["labels"]?[PodHashLabel]) == hash)
            return run;
        canaryStatus.Remove(field);
        return null;
    }

    /// <summary>rollout/context.go <c>SetCurrentAnalysisRuns</c>: <c>{name, status, message}</c>.</summary>
    private static void WriteRunStatus(JsonObject status, string field, JsonObject run)
    {
        var written = new JsonObject
        {
            ["name"] = Json.Name(run),
            ["status"] = Json.Str(run["status"]?["phase"]) ?? "",
        };
        if (Json.Str(run["status"]?["message"]) is { Length: > 0 } message)
            written["message"] = message;
        Json.Obj(status, "canary")[field] = written;
    }

    /// <summary>rollout/sync.go: <c>Rollout aborted update to revision N: {why}: {run message}</c>.</summary>
    private static string AbortMessage(long revision, string why, JsonObject run)
    {
        var message = why;
        if (Json.Str(run["status"]?["message"]) is { Length: > 0 } runMessage)
            message += ": " + runMessage;
        return $"Rollout aborted update to revision {revision}: {message}";
    }

    /// <summary>rollout/pause.go <c>CalculatePauseConditions</c>: a reason is added once, and the controller pauses.</summary>
    private static void AddPauseCondition(JsonObject status, string reason, DateTimeOffset now)
    {
        var conditions = PauseConditions(status);
        if (!HasPauseCondition(status, reason))
            conditions.Add(new JsonObject { ["reason"] = reason, ["startTime"] = Json.Timestamp(now) });
        status["pauseConditions"] = conditions;
        status["controllerPause"] = true;
    }

    private static JsonArray PauseConditions(JsonObject status) => status["pauseConditions"] as JsonArray ?? [];

    private static void RemoveCondition(JsonObject status, string type)
    {
        if (status["conditions"] is JsonArray conditions && conditions.OfType<JsonObject>().FirstOrDefault(c => Json.Str(c["type"]) == type) is { } found)
            conditions.Remove(found);
    }

    private static string Key(JsonObject rollout) => $"{Json.Namespace(rollout)}/{Json.Name(rollout)}";

    /// <summary>A controller owner reference to <paramref name="owner"/> (the ReplicaSets' and pods' owner, see the Workload partial).</summary>
    private static JsonArray OwnerReferences(JsonObject owner, string apiVersion, string kind) =>
    [
        new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["blockOwnerDeletion"] = true,
            ["controller"] = true,
            ["kind"] = kind,
            ["name"] = Json.Name(owner),
            ["uid"] = Json.Str(owner["metadata"]?["uid"]),
        },
    ];
}
