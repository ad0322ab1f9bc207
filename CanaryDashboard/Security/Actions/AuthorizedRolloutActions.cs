using CanaryDashboard.Security.Roles;

namespace CanaryDashboard.Security.Actions;

/// <summary>
/// The one door to rollout actions, for pages and the JSON API alike: checks the user's role,
/// then calls the cluster, and writes the audit entry either way (a refusal too, with no patch).
/// Nothing reaches <see cref="IRolloutCommandExecutor"/> without passing the role check here.
/// </summary>
public interface IRolloutActionService
{
    Task<AuthorizedActionResult> ExecuteAsync(CurrentUser user, RolloutCommandRequest request, CancellationToken cancellationToken = default);
}

public enum AuthorizationOutcome
{
    /// <summary>The role allowed it and the cluster was asked; see <see cref="AuthorizedActionResult.Outcome"/>.</summary>
    Executed,
    /// <summary>Nobody is signed in.</summary>
    NotSignedIn,
    /// <summary>Signed in, but the role is below the action's minimum role.</summary>
    Forbidden,
    /// <summary>Allowed, but no cluster adapter is connected to this app.</summary>
    Unavailable,
}

public sealed record AuthorizedActionResult(
    AuthorizationOutcome Authorization,
    RolloutCommandRequest Request,
    string User,
    DashboardPermission Permission,
    DashboardRole RequiredRole,
    string Message,
    RolloutCommandOutcome? Outcome = null)
{
    public bool Succeeded => Authorization == AuthorizationOutcome.Executed && Outcome is { Succeeded: true };
}

public sealed class AuthorizedRolloutActions(
    IActionAuditLog audit, TimeProvider time, ILogger<AuthorizedRolloutActions> logger, IRolloutCommandExecutor? executor = null)
    : IRolloutActionService
{
    public async Task<AuthorizedActionResult> ExecuteAsync(CurrentUser user, RolloutCommandRequest request, CancellationToken cancellationToken = default)
    {
        var permission = request.Command.Permission();
        var required = Permissions.MinimumRole(permission);
        var action = request.Command.RouteName();

        if (!user.IsAuthenticated)
            return new(AuthorizationOutcome.NotSignedIn, request, user.Name, permission, required, $"sign in to {action} a rollout");

        if (!user.Can(permission))
        {
            var refusal = $"{action} needs the {required.Name()} role; {user.Name} is {user.RoleName}";
            logger.LogWarning("Refused {Action} on {Rollout} for {User} ({Role}): needs {Required}", action, request.Rollout, user.Name, user.RoleName, required.Name());
            await audit.RecordAsync(new ActionAuditEntry(request.Rollout, time.GetUtcNow(), user.Name, user.RoleName, action,
                "refused: role", Error: refusal), cancellationToken);
            return new(AuthorizationOutcome.Forbidden, request, user.Name, permission, required, refusal);
        }

        if (executor is null)
        {
            const string missing = "no cluster adapter is connected to this app, so no action can be sent";
            await audit.RecordAsync(new ActionAuditEntry(request.Rollout, time.GetUtcNow(), user.Name, user.RoleName, action,
                "failed", Error: missing), cancellationToken);
            return new(AuthorizationOutcome.Unavailable, request, user.Name, permission, required, missing);
        }

        // The audit row is written even if the caller goes away mid-action: the patch may have been sent.
        RolloutCommandOutcome outcome;
        try
        {
            outcome = await executor.ExecuteAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await audit.RecordAsync(new ActionAuditEntry(request.Rollout, time.GetUtcNow(), user.Name, user.RoleName, action,
                "failed", Error: ex.Message), CancellationToken.None);
            throw;
        }
        await audit.RecordAsync(new ActionAuditEntry(request.Rollout, time.GetUtcNow(), user.Name, user.RoleName, action,
            outcome.Result.ToLowerInvariant(),
            PatchTarget: outcome.Patches.Count == 0 ? null : string.Join(" ; ", outcome.Patches.Select(p => p.Target)),
            PatchBody: outcome.Patches.Count == 0 ? null : string.Join(" ; ", outcome.Patches.Select(p => p.Body)),
            KubectlCommand: outcome.KubectlCommand,
            Error: outcome.Succeeded ? null : outcome.Message), CancellationToken.None);
        return new(AuthorizationOutcome.Executed, request, user.Name, permission, required, outcome.Message, outcome);
    }
}
