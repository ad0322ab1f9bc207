using CanaryDashboard.Model;

namespace CanaryDashboard.Security.Actions;

/// <summary>
/// The cluster side of an action: what the Kubernetes adapter's <c>RolloutActions.ExecuteAsync</c>
/// does (read, plan, send the merge patches). The integrator registers an adapter from
/// <c>RolloutActions</c> to this; <see cref="AuthorizedRolloutActions"/> is its only caller.
/// </summary>
public interface IRolloutCommandExecutor
{
    Task<RolloutCommandOutcome> ExecuteAsync(RolloutCommandRequest request, CancellationToken cancellationToken);
}

/// <summary>What the cluster did, in the terms the audit log and the UI need.</summary>
/// <param name="Result">Succeeded, NoChange, Refused, Forbidden, NotFound, Conflict, Timeout, Failed (the adapter's <c>ActionResult</c> names).</param>
/// <param name="Patches">Each patch sent: its target path and exact body.</param>
/// <param name="HttpStatus">The status the JSON API answers with (200, 422, 403, 404, 409, 504, 502).</param>
public sealed record RolloutCommandOutcome(
    RolloutKey Rollout,
    RolloutCommand Command,
    string Result,
    bool Succeeded,
    string Message,
    IReadOnlyList<SentPatchSummary> Patches,
    string KubectlCommand,
    int HttpStatus);

public sealed record SentPatchSummary(string Target, string Body, int? StatusCode);
