using System.Globalization;
using System.Text.Json;
using CanaryDashboard.Kubernetes.Snapshots;

namespace CanaryDashboard.Kubernetes.Actions;

public static partial class RolloutActionPlanner
{
    /// <summary>Argo's pause reasons for an inconclusive analysis run and experiment (pkg/apis/rollouts/v1alpha1/types.go).</summary>
    public static readonly IReadOnlyList<string> InconclusivePauseReasons = ["InconclusiveAnalysisRun", "InconclusiveExperiment"];

    /// <summary>
    /// Advance to rung k, re-checked on the rollout as just read (the loop's decision and a person's
    /// confirmation were both made on an older view). Refused: not a setWeight step of a canary, an
    /// aborted rollout, a new revision since the decision (<see cref="RolloutActionRequest.ExpectedPodHash"/>),
    /// backwards, a person's pause (<c>spec.paused</c>: Argo does not scale a paused rollout, so the canary
    /// could never reach the rung's replicas), an inconclusive analysis or experiment pause (stepping over
    /// a judgement Argo left to a person; promote is the way past it), or a step other than the one it was
    /// decided on (<see cref="RolloutActionRequest.ExpectedStepIndex"/>). The patch carries the read's
    /// <c>metadata.resourceVersion</c>. Skipping rungs is allowed (a person chose it) with a warning.
    /// </summary>
    private static ActionPlan PlanAdvance(RolloutActionRequest request, JsonElement rollout)
    {
        var spec = rollout.Prop("spec");
        var status = rollout.Prop("status");
        var canary = spec.Prop("strategy").Prop("canary");
        var steps = canary.ValueKind == JsonValueKind.Object ? canary.Prop("steps").Items().ToArray() : [];
        if (steps.Length == 0)
            return ActionPlan.Refuse("only a canary rollout with steps has rungs to advance to");
        if (request.TargetStep is not { } target || target < 0 || target >= steps.Length)
            return ActionPlan.Refuse($"step {request.TargetStep?.ToString(CultureInfo.InvariantCulture) ?? "(none)"} is not a step of this rollout (0..{steps.Length - 1})");
        if (steps[target].Int("setWeight") is not { } targetWeight)
            return ActionPlan.Refuse($"step {target} is not a setWeight step (a rung of the ladder)");
        if (status.Bool("abort"))
            return ActionPlan.Refuse("the rollout is aborted: retry it before advancing");
        if (NewRevision(request, status) is { } replaced)
            return ActionPlan.Refuse(replaced);
        var current = status.Int("currentStepIndex") ?? 0;
        if (target == current)
            return ActionPlan.NoChange($"the rollout is already at step {target}");
        if (target < current)
            return ActionPlan.Refuse($"advancing only moves forward: step {target} is behind the current step {current}");
        if (spec.Bool("paused"))
            return ActionPlan.Refuse("the rollout is paused by a person (spec.paused: true): Argo does not scale a paused rollout, " +
                                     "so the canary could not reach the rung's replicas; resume it first");
        var inconclusive = status.Prop("pauseConditions").Items().Select(p => p.Str("reason")).FirstOrDefault(r => r is not null && InconclusivePauseReasons.Contains(r));
        if (inconclusive is not null)
            return ActionPlan.Refuse($"Argo paused the rollout on an inconclusive result ({inconclusive}): promote it past the analysis or abort it; " +
                                     "an advance would step over that judgement");
        if (request.ExpectedStepIndex is { } expected && expected != current)
            return ActionPlan.Refuse($"the rollout moved from step {expected} to step {current} since the advance was decided: decide again on what it shows now");

        var patch = new PlannedPatch(true, ClearPauseConditionsWithStepPatch(target, rollout.Prop("metadata").Str("resourceVersion")));
        return new ActionPlan([patch], Warning: SkippedRungsWarning(steps, current, target, targetWeight));
    }

    /// <summary>Why a request made for one revision does not apply to the rollout as read, or null.</summary>
    private static string? NewRevision(RolloutActionRequest request, JsonElement status) =>
        request.ExpectedPodHash is { } expected && status.Str("currentPodHash") is var now && now != expected
            ? $"a new revision (pod hash {now ?? "none"}) replaced {expected} since the action was decided: " +
              "a revision is never moved on another revision's evidence"
            : null;

    /// <summary>
    /// Rungs between the current step and the target. While the canary ReplicaSet is below the replicas
    /// of the target step, Argo routes it the weight of the last setWeight before the target
    /// (rollout/trafficrouting.go, <c>AtDesiredReplicaCountsForCanary</c> false), on the pods it has.
    /// </summary>
    private static string? SkippedRungsWarning(JsonElement[] steps, int current, int target, int targetWeight)
    {
        var skipped = new List<(int Step, int Weight)>();
        for (var i = current + 1; i < target; i++)
        {
            if (steps[i].Int("setWeight") is { } weight)
                skipped.Add((i, weight));
        }
        if (skipped.Count == 0)
            return null;
        var from = 0;
        for (var i = current; i >= 0; i--)
        {
            if (steps[i].Int("setWeight") is { } weight)
            {
                from = weight;
                break;
            }
        }
        var list = string.Join(", ", skipped.Select(s => $"{s.Weight} (step {s.Step})"));
        return $"skips {skipped.Count} rung{(skipped.Count == 1 ? "" : "s")}: {list}. The canary goes from setWeight {from} to {targetWeight} " +
               $"without being judged in between, and until its ReplicaSet has the replicas for {targetWeight} Argo routes it " +
               $"setWeight {skipped[^1].Weight} on the pods it has now";
    }
}
