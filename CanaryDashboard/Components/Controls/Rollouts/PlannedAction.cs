using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Kubernetes.Snapshots;

namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>
/// What a confirmation shows: the patches the action would send now, the equivalent command, and a
/// warning to read before confirming (an advance that skips rungs).
/// </summary>
public sealed record PlannedAction(RolloutActionRequest Request, IReadOnlyList<PlannedPatch> Patches, string KubectlCommand, string? NothingToSend,
    string? Warning = null)
{
    /// <summary>
    /// Plans from the watch's snapshot with the adapter's own planner, so the dialog shows the patch
    /// <see cref="RolloutActions"/> will send (it re-reads and re-plans at send time; if the rollout
    /// moved meanwhile the result message says what was really sent).
    /// </summary>
    public static PlannedAction From(RolloutSnapshot snapshot, RolloutActionRequest request)
    {
        var plan = RolloutActionPlanner.Plan(request, PlannerInput(snapshot));
        return new PlannedAction(request, plan.Patches, KubectlCommands.For(request, plan.Patches), plan.Verdict is null ? null : plan.Reason, plan.Warning);
    }

    /// <summary>The fields of the Rollout object that <see cref="RolloutActionPlanner"/> reads, rebuilt from the snapshot.</summary>
    internal static JsonElement PlannerInput(RolloutSnapshot s)
    {
        var steps = new JsonArray();
        foreach (var step in s.Steps)
            steps.Add(step.SetWeight is { } w ? new JsonObject { ["setWeight"] = w } : new JsonObject { [step.Kind] = new JsonObject() });
        var strategy = new JsonObject();
        if (s.Strategy == "Canary") strategy["canary"] = new JsonObject { ["steps"] = steps };
        else if (s.Strategy == "BlueGreen") strategy["blueGreen"] = new JsonObject();
        var pauseConditions = new JsonArray();
        foreach (var p in s.PauseConditions)
            pauseConditions.Add(new JsonObject { ["reason"] = p.Reason });
        var status = new JsonObject
        {
            ["abort"] = s.Aborted,
            ["controllerPause"] = s.ControllerPause,
            ["pauseConditions"] = pauseConditions,
            ["currentPodHash"] = s.CanaryPodHash,
            ["stableRS"] = s.StablePodHash,
        };
        if (s.CurrentStepIndex is { } i) status["currentStepIndex"] = i;
        if (s.CurrentStepAnalysisRun is { } run)
            status["canary"] = new JsonObject { ["currentStepAnalysisRunStatus"] = new JsonObject { ["status"] = run.Status } };
        var rollout = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = s.ResourceVersion },
            ["spec"] = new JsonObject { ["paused"] = s.Paused, ["strategy"] = strategy },
            ["status"] = status,
        };
        return JsonSerializer.SerializeToElement(rollout);
    }
}
