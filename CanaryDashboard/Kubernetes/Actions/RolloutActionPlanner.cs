using System.Globalization;
using System.Text.Json;
using CanaryDashboard.Kubernetes.Snapshots;

namespace CanaryDashboard.Kubernetes.Actions;

/// <summary>
/// Decides the merge patches of an action from the rollout as just read, exactly as
/// <c>kubectl argo rollouts</c> 1.x builds them (DESIGN §4; Argo's cmd/abort, retry, promote, pause).
/// Pure: the same rollout and request give the same patches. Order matters for promote: Argo sends
/// the status patch first, then the spec patch, and so do we.
/// </summary>
public static partial class RolloutActionPlanner
{
    public const string AbortPatch = """{"status":{"abort":true}}""";
    public const string RetryPatch = """{"status":{"abort":false}}""";
    public const string PausePatch = """{"spec":{"paused":true}}""";
    public const string UnpausePatch = """{"spec":{"paused":false}}""";
    public const string ClearPauseConditionsPatch = """{"status":{"pauseConditions":null}}""";
    public const string PromoteFullPatch = """{"status":{"promoteFull":true}}""";

    public static string ClearPauseConditionsWithStepPatch(int step) =>
        $$$"""{"status":{"pauseConditions":null,"currentStepIndex":{{{step.ToString(CultureInfo.InvariantCulture)}}}}}""";

    /// <summary>
    /// The advance patch with the <c>metadata.resourceVersion</c> it was planned on: the API server
    /// applies it only to that very version (409 Conflict otherwise), so an advance never lands on a
    /// rollout that changed after the read it was checked against.
    /// </summary>
    public static string ClearPauseConditionsWithStepPatch(int step, string? resourceVersion) =>
        resourceVersion is null
            ? ClearPauseConditionsWithStepPatch(step)
            : $$$"""{"metadata":{"resourceVersion":{{{JsonSerializer.Serialize(resourceVersion)}}}},"status":{"pauseConditions":null,"currentStepIndex":{{{step.ToString(CultureInfo.InvariantCulture)}}}}}""";

    /// <summary>Argo's promote of an inconclusive analysis step also lifts the controller's pause.</summary>
    public static string ClearInconclusivePausePatch(int step) =>
        $$$"""{"status":{"pauseConditions":null,"controllerPause":false,"currentStepIndex":{{{step.ToString(CultureInfo.InvariantCulture)}}}}}""";

    public static ActionPlan Plan(RolloutActionRequest request, JsonElement rollout)
    {
        var spec = rollout.Prop("spec");
        var status = rollout.Prop("status");
        var canary = spec.Prop("strategy").Prop("canary");
        var isCanary = canary.ValueKind == JsonValueKind.Object;
        var stepCount = isCanary ? canary.Prop("steps").GetArrayLengthOrZero() : 0;
        var paused = spec.Bool("paused");
        var pauseConditions = status.Prop("pauseConditions").GetArrayLengthOrZero();
        var currentIndex = status.Int("currentStepIndex");

        switch (request.Action)
        {
            case RolloutAction.Abort:
                return status.Bool("abort") ? ActionPlan.NoChange("the rollout is already aborted") : ActionPlan.Send(new PlannedPatch(true, AbortPatch));

            case RolloutAction.Retry:
                return status.Bool("abort") ? ActionPlan.Send(new PlannedPatch(true, RetryPatch)) : ActionPlan.NoChange("the rollout is not aborted");

            case RolloutAction.Pause:
                return paused ? ActionPlan.NoChange("the rollout is already paused") : ActionPlan.Send(new PlannedPatch(false, PausePatch));

            case RolloutAction.Resume:
                return paused ? ActionPlan.Send(new PlannedPatch(false, UnpausePatch)) : ActionPlan.NoChange("the rollout is not paused (spec.paused is false)");

            case RolloutAction.PromoteFull:
            {
                if (NewRevision(request, status) is { } replaced)
                    return ActionPlan.Refuse(replaced);
                var patches = new List<PlannedPatch>();
                if ((status.Str("currentPodHash") ?? "") != (status.Str("stableRS") ?? ""))
                    patches.Add(new(true, PromoteFullPatch));
                if (paused)
                    patches.Add(new(false, UnpausePatch));
                return patches.Count == 0 ? ActionPlan.NoChange("the rollout is already fully promoted") : new ActionPlan(patches);
            }

            case RolloutAction.Promote:
            {
                if (request.ExpectedStepIndex is { } expected && isCanary && (currentIndex ?? 0) != expected)
                    return ActionPlan.NoChange($"the rollout already left step {expected} (it is at step {currentIndex ?? 0})");
                var patches = new List<PlannedPatch>();
                var inconclusive = isCanary && status.Prop("canary").Prop("currentStepAnalysisRunStatus").Str("status") == "Inconclusive";
                if (inconclusive && pauseConditions > 0 && status.Bool("controllerPause"))
                    patches.Add(new(true, ClearInconclusivePausePatch(NextStep(currentIndex, stepCount))));
                else if (pauseConditions > 0)
                    patches.Add(new(true, ClearPauseConditionsPatch));
                else if (isCanary && stepCount > 0)
                    patches.Add(new(true, ClearPauseConditionsWithStepPatch(NextStep(currentIndex, stepCount))));
                if (paused)
                    patches.Add(new(false, UnpausePatch));
                return patches.Count == 0 ? ActionPlan.NoChange("nothing to promote: the rollout is not paused and has no steps") : new ActionPlan(patches);
            }

            case RolloutAction.Advance:
                return PlanAdvance(request, rollout);

            default:
                return ActionPlan.Refuse($"unknown action {request.Action}");
        }
    }

    /// <summary>Argo's promote: one step on, never past the end.</summary>
    private static int NextStep(int? currentIndex, int stepCount)
    {
        var index = currentIndex ?? 0;
        return index < stepCount ? index + 1 : index;
    }

    private static int GetArrayLengthOrZero(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.GetArrayLength() : 0;
}
