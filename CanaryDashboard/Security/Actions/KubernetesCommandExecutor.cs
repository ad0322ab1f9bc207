using CanaryDashboard.Kubernetes.Actions;

namespace CanaryDashboard.Security.Actions;

/// <summary>The cluster adapter behind the role check: <see cref="RolloutActions"/> (real and simulated clusters alike).</summary>
public sealed class KubernetesCommandExecutor(RolloutActions actions) : IRolloutCommandExecutor
{
    public async Task<RolloutCommandOutcome> ExecuteAsync(RolloutCommandRequest request, CancellationToken cancellationToken)
    {
        var outcome = await actions.ExecuteAsync(
            new RolloutActionRequest(request.Rollout, ToAdapter(request.Command), request.TargetStep, request.ExpectedStepIndex, request.ExpectedPodHash),
            cancellationToken);
        return new RolloutCommandOutcome(request.Rollout, request.Command, outcome.Result.ToString(), outcome.IsSuccess, outcome.Message,
            outcome.Sent.Select(p => new SentPatchSummary(p.Target, p.Body, p.StatusCode)).ToArray(), outcome.KubectlCommand,
            HttpStatusOf(outcome.Result), outcome);
    }

    public static RolloutAction ToAdapter(RolloutCommand command) => command switch
    {
        RolloutCommand.Abort => RolloutAction.Abort,
        RolloutCommand.Retry => RolloutAction.Retry,
        RolloutCommand.Promote => RolloutAction.Promote,
        RolloutCommand.PromoteFull => RolloutAction.PromoteFull,
        RolloutCommand.Pause => RolloutAction.Pause,
        RolloutCommand.Resume => RolloutAction.Resume,
        RolloutCommand.Advance => RolloutAction.Advance,
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };

    /// <summary>The JSON API's status for each result (a 403 here is the cluster's RBAC, not the user's role).</summary>
    public static int HttpStatusOf(ActionResult result) => result switch
    {
        ActionResult.Succeeded or ActionResult.NoChange => StatusCodes.Status200OK,
        ActionResult.Refused => StatusCodes.Status422UnprocessableEntity,
        ActionResult.Forbidden => StatusCodes.Status403Forbidden,
        ActionResult.NotFound => StatusCodes.Status404NotFound,
        ActionResult.Conflict => StatusCodes.Status409Conflict,
        ActionResult.Timeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status502BadGateway,
    };
}
