using CanaryDashboard.Security.Roles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace CanaryDashboard.Security;

/// <summary>
/// Under <c>/api</c> a refusal is JSON, never a redirect to the sign-in page: 401 when nobody is
/// signed in, 403 naming the permission and the role it needs when the role is too low. Pages keep
/// the default (redirect to sign-in, or the access-denied page).
/// </summary>
public sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!context.Request.Path.StartsWithSegments("/api") || authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var user = CurrentUser.From(context.User);
        if (authorizeResult.Challenged || !user.IsAuthenticated)
        {
            await Results.Json(new { error = "sign in first: this dashboard requires a signed-in user", signIn = SignInEndpoints.SignInPage },
                statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
            return;
        }
        var missing = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>().FirstOrDefault();
        var permission = missing?.Permission ?? EndpointPermissions.Required(context) ?? DashboardPermission.View;
        await Results.Json(ForbiddenBody(user, permission), statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
    }

    public static object ForbiddenBody(CurrentUser user, DashboardPermission permission)
    {
        var required = Permissions.MinimumRole(permission);
        return new
        {
            error = $"forbidden: {permission} needs the {required.Name()} role; {user.Name} is {user.RoleName}",
            permission = permission.ToString(),
            requiredRole = required.Name(),
            user = user.Name,
            role = user.RoleName,
        };
    }
}
