using CanaryDashboard.Model;

namespace CanaryDashboard.Kubernetes.Actions;

/// <summary>
/// The command a person would type for the same action, for the UI to show. The plugin has no
/// <c>resume</c> command (a manual pause is lifted with a spec patch), and advancing to a rung is a
/// status patch, so those two are plain <c>kubectl patch</c> lines.
/// </summary>
public static class KubectlCommands
{
    public static string For(RolloutActionRequest request, IReadOnlyList<PlannedPatch>? patches = null)
    {
        var (ns, name) = (request.Rollout.Namespace, request.Rollout.Name);
        return request.Action switch
        {
            RolloutAction.Abort => $"kubectl argo rollouts abort {name} -n {ns}",
            RolloutAction.Retry => $"kubectl argo rollouts retry rollout {name} -n {ns}",
            RolloutAction.Promote => $"kubectl argo rollouts promote {name} -n {ns}",
            RolloutAction.PromoteFull => $"kubectl argo rollouts promote {name} -n {ns} --full",
            RolloutAction.Pause => $"kubectl argo rollouts pause {name} -n {ns}",
            RolloutAction.Resume => Patch(request.Rollout, new PlannedPatch(false, RolloutActionPlanner.UnpausePatch)),
            RolloutAction.Advance => Patch(request.Rollout, patches?.FirstOrDefault()
                ?? new PlannedPatch(true, RolloutActionPlanner.ClearPauseConditionsWithStepPatch(request.TargetStep ?? 0))),
            _ => "",
        };
    }

    public static string Patch(RolloutKey rollout, PlannedPatch patch) =>
        $"kubectl patch rollout {rollout.Name} -n {rollout.Namespace}{(patch.OnStatus ? " --subresource=status" : "")} --type=merge -p '{patch.Body}'";
}
