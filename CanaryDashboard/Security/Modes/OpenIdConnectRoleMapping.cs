using System.Security.Claims;
using CanaryDashboard.Configuration;
using CanaryDashboard.Security.Roles;

namespace CanaryDashboard.Security.Modes;

/// <summary>
/// Turns the provider's identity into the dashboard's: the name from <c>NameClaim</c>, and the
/// highest role found among the <c>RoleClaim</c> values (each value taken as a role name, or
/// through <c>RoleValues</c>), else <c>DefaultRole</c>. Null when the user gets no role at all.
/// </summary>
public static class OpenIdConnectRoleMapping
{
    public static ClaimsIdentity? Map(ClaimsPrincipal provider, OpenIdConnectAuthOptions options, string authenticationType)
    {
        DashboardRole? best = null;
        foreach (var claim in provider.FindAll(options.RoleClaim))
        {
            foreach (var value in Values(claim.Value))
            {
                var known = options.RoleValues.TryGetValue(value, out var mapped)
                    ? DashboardRoles.TryParse(mapped, out var role)
                    : DashboardRoles.TryParse(value, out role);
                if (known && (best is null || role > best))
                    best = role;
            }
        }
        if (best is null && DashboardRoles.TryParse(options.DefaultRole, out var fallback))
            best = fallback;
        if (best is not { } granted)
            return null;
        var name = provider.FindFirst(options.NameClaim)?.Value
                   ?? provider.FindFirst(ClaimTypes.Name)?.Value
                   ?? provider.FindFirst("email")?.Value
                   ?? provider.FindFirst("sub")?.Value
                   ?? provider.FindFirst(ClaimTypes.NameIdentifier)?.Value
                   ?? "unknown";
        var identity = DashboardClaims.Identity(name, granted, authenticationType);
        if ((provider.FindFirst("sub") ?? provider.FindFirst(ClaimTypes.NameIdentifier)) is { } subject)
            identity.AddClaim(new Claim("sub", subject.Value));
        return identity;
    }

    /// <summary>A role claim is one value, or (from some providers) a JSON array or a comma/space list.</summary>
    private static IEnumerable<string> Values(string raw)
    {
        var trimmed = raw.Trim();
        if (trimmed.StartsWith('['))
        {
            string[]? array = null;
            try { array = System.Text.Json.JsonSerializer.Deserialize<string[]>(trimmed); }
            catch (System.Text.Json.JsonException) { }
            if (array is not null)
                return array;
        }
        return trimmed.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
