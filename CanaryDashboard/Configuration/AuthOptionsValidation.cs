using CanaryDashboard.Security.Accounts;
using CanaryDashboard.Security.Roles;

namespace CanaryDashboard.Configuration;

/// <summary>The checks of the <c>Auth</c> section.</summary>
internal static class AuthOptionsValidation
{
    public static void AddFailures(AuthOptions auth, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(auth.LocalAdminName))
            failures.Add("Auth:LocalAdminName: must not be empty (it names the local admin in the audit log)");
        if (string.IsNullOrWhiteSpace(auth.UsersFile) || auth.UsersFile.IndexOfAny(['/', '\\']) >= 0)
            failures.Add($"Auth:UsersFile: must be a plain file name inside Storage:DataPath (was '{auth.UsersFile}')");
        if (auth.SessionLifetime < TimeSpan.FromMinutes(1) || auth.SessionLifetime > TimeSpan.FromDays(30))
            failures.Add($"Auth:SessionLifetime: must be between 1 minute and 30 days (was {auth.SessionLifetime})");

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < auth.Users.Count; i++)
        {
            var user = auth.Users[i];
            if (string.IsNullOrWhiteSpace(user.Name))
                failures.Add($"Auth:Users:{i}:Name: must not be empty");
            else if (!names.Add(user.Name.Trim()))
                failures.Add($"Auth:Users:{i}:Name: '{user.Name}' appears twice");
            if (!DashboardRoles.TryParse(user.Role, out _))
                failures.Add($"Auth:Users:{i}:Role: must be one of {DashboardRoles.Names} (was '{user.Role}')");
            if (!PasswordHashing.LooksLikeHash(user.PasswordHash))
                failures.Add($"Auth:Users:{i}:PasswordHash: must be a hash printed by `dotnet CanaryDashboard.dll hash-password`, never the password itself");
        }

        var oidc = auth.OpenIdConnect;
        if (auth.Mode == AuthMode.OpenIdConnect && !oidc.IsConfigured)
            failures.Add("Auth:OpenIdConnect:Authority: must be set when Auth:Mode is OpenIdConnect");
        if (oidc.IsConfigured)
        {
            if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != "https" && authority.Scheme != "http"))
                failures.Add($"Auth:OpenIdConnect:Authority: must be an absolute http(s) URL (was '{oidc.Authority}')");
            else if (authority.Scheme == "http" && oidc.RequireHttpsMetadata)
                failures.Add($"Auth:OpenIdConnect:Authority: must be https (or set Auth:OpenIdConnect:RequireHttpsMetadata=false for a test provider) (was '{oidc.Authority}')");
            if (string.IsNullOrWhiteSpace(oidc.ClientId))
                failures.Add("Auth:OpenIdConnect:ClientId: must be set with an Authority");
            if (string.IsNullOrWhiteSpace(oidc.RoleClaim))
                failures.Add("Auth:OpenIdConnect:RoleClaim: must name the claim that carries roles (for example 'roles' or 'groups')");
            if (string.IsNullOrWhiteSpace(oidc.NameClaim))
                failures.Add("Auth:OpenIdConnect:NameClaim: must name the claim shown and audited as the user's name");
        }
        foreach (var (value, role) in oidc.RoleValues)
        {
            if (!DashboardRoles.TryParse(role, out _))
                failures.Add($"Auth:OpenIdConnect:RoleValues:{value}: must be one of {DashboardRoles.Names} (was '{role}')");
        }
        if (oidc.DefaultRole is { Length: > 0 } defaultRole && !DashboardRoles.TryParse(defaultRole, out _))
            failures.Add($"Auth:OpenIdConnect:DefaultRole: must be empty (no access) or one of {DashboardRoles.Names} (was '{defaultRole}')");
    }
}
