using CanaryDashboard.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Security.Modes;

/// <summary>How requests are authenticated, as decided at start.</summary>
public enum EffectiveAuthMode
{
    /// <summary>Loopback only, <c>Auth:Mode</c> Auto: everyone is the local admin, no sign-in.</summary>
    AnonymousLocalAdmin,
    LocalAccounts,
    OpenIdConnect,
}

public sealed record AuthDecision(EffectiveAuthMode Mode, IReadOnlyList<string> Addresses, string Reason)
{
    public bool RequiresSignIn => Mode != EffectiveAuthMode.AnonymousLocalAdmin;

    public static AuthDecision Decide(AuthOptions auth, IReadOnlyList<string> addresses)
    {
        var loopback = BindingAddresses.AllLoopback(addresses);
        var where = string.Join(", ", addresses);
        return auth.Mode switch
        {
            AuthMode.Local => new(EffectiveAuthMode.LocalAccounts, addresses, "Auth:Mode is Local"),
            AuthMode.OpenIdConnect => new(EffectiveAuthMode.OpenIdConnect, addresses, "Auth:Mode is OpenIdConnect"),
            _ when loopback => new(EffectiveAuthMode.AnonymousLocalAdmin, addresses, $"bound to loopback only ({where})"),
            _ when auth.OpenIdConnect.IsConfigured => new(EffectiveAuthMode.OpenIdConnect, addresses, $"bound beyond loopback ({where}) and Auth:OpenIdConnect:Authority is set"),
            _ => new(EffectiveAuthMode.LocalAccounts, addresses, $"bound beyond loopback ({where})"),
        };
    }
}

/// <summary>
/// Decides the mode once, from the addresses the server really listens on when it has started
/// (see <see cref="SecurityStartup"/>), or from the configuration if a request comes first.
/// Never changes afterwards, so a page and the API never disagree.
/// </summary>
public sealed class AuthModeResolver(IServiceProvider services, IConfiguration configuration, IOptions<CanaryDashboardOptions> options)
{
    private readonly Lazy<AuthDecision> _decision = new(() =>
        AuthDecision.Decide(options.Value.Auth, BindingAddresses.Read(services.GetService<IServer>(), configuration)));

    public AuthDecision Current => _decision.Value;
}
