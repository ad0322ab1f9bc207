using CanaryDashboard.Model;

namespace CanaryDashboard.Security.Actions;

/// <summary>
/// The cluster side of an action: the Kubernetes adapter's <c>RolloutActions.ExecuteAsync</c> (read,
/// plan, send the merge patches), through <see cref="KubernetesCommandExecutor"/>.
/// <see cref="AuthorizedRolloutActions"/> is its only caller.
/// </summary>
public interface IRolloutCommandExecutor
{
    Task<RolloutCommandOutcome> ExecuteAsync(RolloutCommandRequest request, CancellationToken cancellationToken);
}

/// <summary>What the cluster did, in the terms the audit log and the UI need.</summary>
/// <param name="Result">Succeeded, NoChange, Refused, Forbidden, NotFound, Conflict, Timeout, Failed (the adapter's <c>ActionResult</c> names).</param>
/// <param name="Patches">Each patch sent: its target path and exact body.</param>
/// <param name="HttpStatus">The status the JSON API answers with (200, 422, 403, 404, 409, 504, 502).</param>
/// <param name="Detail">The adapter's own outcome (the JSON API's body: result, message, sent, kubectlCommand, missingAccess).</param>
public sealed record RolloutCommandOutcome(
    RolloutKey Rollout,
    RolloutCommand Command,
    string Result,
    bool Succeeded,
    string Message,
    IReadOnlyList<SentPatchSummary> Patches,
    string KubectlCommand,
    int HttpStatus,
    CanaryDashboard.Kubernetes.Actions.ActionOutcome? Detail = null);

public sealed record SentPatchSummary(string Target, string Body, int? StatusCode);
