using CanaryDashboard.Security.Actions;
using CanaryDashboard.Security.Roles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.StaticAssets;

namespace CanaryDashboard.Security;

/// <summary>
/// The permission a request needs when its endpoint names no policy of its own (the fallback
/// policy). Null for what is reached without a user even when sign-in is required: the machine
/// endpoints (kubelet probes, Prometheus scraping /metrics, Argo's web metric provider calling
/// /analyze), the sign-in flow, and static files. Writes to rollout actions, settings and
/// threshold profiles need their permission here too, whichever endpoint serves them, so a route
/// mapped elsewhere cannot skip the role check. Everything else needs <see cref="DashboardPermission.View"/>.
/// </summary>
public static class EndpointPermissions
{
    public static readonly string[] MachinePaths = ["/healthz", "/livez", "/readyz", "/metrics", "/analyze"];

    public static DashboardPermission? Required(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        // No endpoint: a static file (UseStaticFiles) or a 404 either way.
        if (endpoint is null || endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null)
            return null;
        var path = context.Request.Path;
        if (MachinePaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase)))
            return null;
        if (SignInEndpoints.PublicPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            return null;
        // The actions endpoint checks the role itself, in IRolloutActionService, so that refusals are audited too.
        if (endpoint.Metadata.GetMetadata<RoleCheckedByActionService>() is not null)
            return DashboardPermission.View;
        return HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            ? DashboardPermission.View
            : ForWrite(path.Value ?? "");
    }

    /// <summary>/api/rollouts/{ns}/{name}/actions/{action} → that action; …/settings → EditSettings; /api/profiles → EditThresholds.</summary>
    private static DashboardPermission ForWrite(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["api", "rollouts", _, _, "actions", var action] && RolloutCommands.TryParseRouteName(action, out var command))
            return command.Permission();
        if (segments is ["api", "rollouts", _, _, "settings", ..] or ["api", "settings", ..])
            return DashboardPermission.EditSettings;
        if (segments is ["api", "profiles", ..] or ["api", "thresholds", ..])
            return DashboardPermission.EditThresholds;
        return DashboardPermission.View;
    }
}

/// <summary>Endpoint metadata: the handler calls <see cref="IRolloutActionService"/>, which checks the action's role and audits.</summary>
public sealed class RoleCheckedByActionService;

/// <summary>The fallback policy: the permission <see cref="EndpointPermissions"/> names (none for public endpoints).</summary>
public sealed class EndpointPermissionRequirement : IAuthorizationRequirement;

public sealed class EndpointPermissionHandler : AuthorizationHandler<EndpointPermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, EndpointPermissionRequirement requirement)
    {
        var required = context.Resource is HttpContext http ? EndpointPermissions.Required(http) : DashboardPermission.View;
        if (required is not { } permission || CurrentUser.From(context.User).Can(permission))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
