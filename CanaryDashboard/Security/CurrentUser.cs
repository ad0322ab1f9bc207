using System.Security.Claims;
using CanaryDashboard.Security.Roles;

namespace CanaryDashboard.Security;

/// <summary>
/// Who is acting, as the dashboard sees it: the name (shown and audited), the role, and what the
/// role allows. Built from the request's or the circuit's <see cref="ClaimsPrincipal"/>; a principal
/// without a known role has no permission at all.
/// </summary>
public sealed record CurrentUser(string Name, DashboardRole? Role, bool IsAuthenticated, string AuthenticationMethod)
{
    public static CurrentUser Anonymous { get; } = new("anonymous", null, false, "none");

    public bool Can(DashboardPermission permission) => Role is { } role && role.Allows(permission);

    /// <summary>Null when allowed, else the role the permission needs (for "needs release-manager").</summary>
    public DashboardRole? MissingRoleFor(DashboardPermission permission) =>
        Can(permission) ? null : Permissions.MinimumRole(permission);

    public string RoleName => Role?.Name() ?? "none";

    public static CurrentUser From(ClaimsPrincipal? principal)
    {
        var identity = principal?.Identities.FirstOrDefault(i => i.IsAuthenticated);
        if (identity is null)
            return Anonymous;
        var name = identity.FindFirst(DashboardClaims.Name)?.Value ?? identity.Name ?? "unknown";
        DashboardRole? role = DashboardRoles.TryParse(identity.FindFirst(DashboardClaims.Role)?.Value, out var parsed) ? parsed : null;
        return new CurrentUser(name, role, true, identity.AuthenticationType ?? "unknown");
    }
}

/// <summary>The claims the dashboard's own identities carry (after any provider mapping).</summary>
public static class DashboardClaims
{
    public const string Name = ClaimTypes.Name;
    public const string Role = "canary:role";

    public static ClaimsIdentity Identity(string name, DashboardRole role, string authenticationType) =>
        new([new Claim(Name, name), new Claim(Role, role.Name()), new Claim(ClaimTypes.Role, role.Name())],
            authenticationType, Name, ClaimTypes.Role);
}
