using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Security;
using CanaryDashboard.Security.Actions;
using CanaryDashboard.Security.Roles;

namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>Whether an action button is enabled, and if not, the sentence shown on hover.</summary>
public sealed record ActionState(RolloutAction Action, bool Enabled, string? DisabledReason)
{
    public static ActionState On(RolloutAction action) => new(action, true, null);
    public static ActionState Off(RolloutAction action, string reason) => new(action, false, reason);
}

/// <summary>
/// Which of <c>kubectl argo rollouts</c>' actions make sense for a rollout in its current state
/// (pure). The planner would answer "no change" for most of the disabled ones; the page says why
/// before anyone clicks. Role checks come on top of this, from the signed-in user.
/// </summary>
public static class ActionAvailability
{
    public static readonly RolloutAction[] Order =
        [RolloutAction.Abort, RolloutAction.Promote, RolloutAction.PromoteFull, RolloutAction.Retry,
         RolloutAction.Pause, RolloutAction.Resume, RolloutAction.Advance];

    /// <summary>
    /// The user's role first (a viewer sees every action disabled, "needs the operator role"), then
    /// the rollout's state. The server checks the role again when the action is sent.
    /// </summary>
    public static ActionState For(RolloutSnapshot? s, RolloutAction action, CurrentUser user)
    {
        var permission = Command(action).Permission();
        if (!user.Can(permission))
            return ActionState.Off(action, user.IsAuthenticated
                ? $"needs the {Permissions.MinimumRole(permission).Name()} role; {user.Name} is {user.RoleName}"
                : "sign in to act on rollouts");
        return For(s, action);
    }

    /// <summary>The same action as the authorized actions service names it.</summary>
    public static RolloutCommand Command(RolloutAction action) => Enum.Parse<RolloutCommand>(action.ToString());

    public static ActionState For(RolloutSnapshot? s, RolloutAction action)
    {
        if (s is null)
            return ActionState.Off(action, "the cluster has not listed this rollout");
        var inProgress = !string.IsNullOrEmpty(s.CanaryPodHash) && s.CanaryPodHash != s.StablePodHash;
        var pausedByStep = s.PauseConditions.Count > 0 || s.ControllerPause;
        return action switch
        {
            RolloutAction.Abort => s.Aborted ? ActionState.Off(action, "already aborted")
                : !inProgress ? ActionState.Off(action, "nothing to abort: the stable version runs everywhere")
                : ActionState.On(action),
            RolloutAction.Retry => s.Aborted ? ActionState.On(action) : ActionState.Off(action, "retry applies to an aborted rollout; this one is not aborted"),
            RolloutAction.Promote => s.Aborted ? ActionState.Off(action, "aborted: retry it first")
                : !(pausedByStep || s.Paused) ? ActionState.Off(action, $"promote applies to a paused rollout; this one is {s.Status}")
                : ActionState.On(action),
            RolloutAction.PromoteFull => s.Aborted ? ActionState.Off(action, "aborted: retry it first")
                : !inProgress ? ActionState.Off(action, "already fully promoted")
                : ActionState.On(action),
            RolloutAction.Pause => s.Paused ? ActionState.Off(action, "already paused (spec.paused)")
                : s.Aborted ? ActionState.Off(action, "aborted: nothing runs to pause")
                : !inProgress ? ActionState.Off(action, "nothing in progress to pause")
                : ActionState.On(action),
            RolloutAction.Resume => s.Paused ? ActionState.On(action) : ActionState.Off(action, "resume lifts a manual pause; spec.paused is false"),
            // The server refuses the same cases on its fresh read (RolloutActionPlanner.PlanAdvance).
            RolloutAction.Advance => s.Strategy != "Canary" || s.Ladder.Count == 0 ? ActionState.Off(action, "only a canary with setWeight steps has rungs")
                : s.Aborted ? ActionState.Off(action, "aborted: retry it before advancing")
                : s.Paused ? ActionState.Off(action, "paused by a person (spec.paused): Argo does not scale a paused rollout; resume it first")
                : s.PauseConditions.FirstOrDefault(p => RolloutActionPlanner.InconclusivePauseReasons.Contains(p.Reason)) is { } inconclusive
                    ? ActionState.Off(action, $"paused on an inconclusive result ({inconclusive.Reason}): promote it past the analysis or abort it")
                : RungsAhead(s).Count == 0 ? ActionState.Off(action, "no rung ahead of the current step")
                : ActionState.On(action),
            _ => ActionState.Off(action, "unknown action"),
        };
    }

    /// <summary>The setWeight rungs after the current step: the targets of "advance to rung".</summary>
    public static IReadOnlyList<LadderRung> RungsAhead(RolloutSnapshot s) =>
        s.Ladder.Where(r => r.StepIndex > (s.CurrentStepIndex ?? 0)).ToArray();

    public static string Label(RolloutAction action) => action switch
    {
        RolloutAction.PromoteFull => "Promote full",
        RolloutAction.Advance => "Advance to rung",
        _ => action.ToString(),
    };
}
