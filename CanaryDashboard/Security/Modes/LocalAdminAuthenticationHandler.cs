using System.Text.Encodings.Web;
using CanaryDashboard.Configuration;
using CanaryDashboard.Security.Roles;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Security.Modes;

/// <summary>
/// The loopback-only mode: every request is the one local admin (<c>Auth:LocalAdminName</c>), so
/// actions still carry a name into the audit log. Only selected when <see cref="AuthModeResolver"/>
/// decided the app listens on loopback alone.
/// </summary>
public sealed class LocalAdminAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder,
    IOptions<CanaryDashboardOptions> options)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "LocalAdmin";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = DashboardClaims.Identity(options.Value.Auth.LocalAdminName, DashboardRole.Admin, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new(identity), SchemeName)));
    }
}
