using Microsoft.AspNetCore.Authorization;

namespace CanaryDashboard.Security.Roles;

/// <summary>An authorization requirement met when the user's role has <see cref="Permission"/>.</summary>
public sealed class PermissionRequirement(DashboardPermission permission) : IAuthorizationRequirement
{
    public DashboardPermission Permission { get; } = permission;
    public DashboardRole MinimumRole => Permissions.MinimumRole(Permission);
}

public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (CurrentUser.From(context.User).Can(requirement.Permission))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
