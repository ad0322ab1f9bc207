namespace CanaryDashboard.Configuration;

/// <summary>How people sign in. Decided once at start from this section and the addresses the app binds.</summary>
public enum AuthMode
{
    /// <summary>
    /// Bound to loopback only (127.0.0.1, localhost, [::1]): one anonymous admin, no sign-in (the
    /// default of <c>dotnet run</c>). Bound to any other address: sign-in, with OpenID Connect when
    /// <c>Auth:OpenIdConnect:Authority</c> is set, else local accounts.
    /// </summary>
    Auto,
    /// <summary>Always sign in with the local accounts (<c>Auth:Users</c> and the generated admin).</summary>
    Local,
    /// <summary>Always sign in with the OpenID Connect provider of <c>Auth:OpenIdConnect</c>.</summary>
    OpenIdConnect,
}

public sealed class AuthOptions
{
    public AuthMode Mode { get; set; } = AuthMode.Auto;

    /// <summary>The name the anonymous admin of a loopback-only app acts (and is audited) under.</summary>
    public string LocalAdminName { get; set; } = "local-admin";

    /// <summary>Local accounts: name, role and a password hash from <c>hash-password</c>.</summary>
    public List<LocalAccountOptions> Users { get; set; } = [];

    /// <summary>
    /// File in <c>Storage:DataPath</c> holding the admin generated on the first start without any
    /// account (its hash only), so it survives restarts.
    /// </summary>
    public string UsersFile { get; set; } = "users.json";

    /// <summary>How long a sign-in lasts (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    public OpenIdConnectAuthOptions OpenIdConnect { get; set; } = new();
}

public sealed class LocalAccountOptions
{
    public string Name { get; set; } = "";
    /// <summary>viewer, operator, release-manager or admin.</summary>
    public string Role { get; set; } = "";
    /// <summary>ASP.NET Core Identity's PBKDF2 hash (v3), as printed by <c>CanaryDashboard hash-password</c>.</summary>
    public string PasswordHash { get; set; } = "";
}

public sealed class OpenIdConnectAuthOptions
{
    /// <summary>The provider's issuer URL (its discovery document is under <c>/.well-known/openid-configuration</c>).</summary>
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";

    /// <summary>The claim of the ID token (or user info) that carries the user's roles.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim shown and audited as the user's name.</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>
    /// Provider role values → dashboard roles, for providers whose group names differ
    /// (<c>"canary-oncall": "operator"</c>). Values already named like a dashboard role need no entry.
    /// </summary>
    public Dictionary<string, string> RoleValues { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The role of a signed-in user whose claims name none; empty = no access.</summary>
    public string DefaultRole { get; set; } = "viewer";

    public List<string> Scopes { get; set; } = ["openid", "profile"];

    /// <summary>Only for a test provider on plain HTTP; keep true in production.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}
