using System.Net;
using CanaryDashboard.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Tests.Security;

/// <summary>
/// OpenID Connect cannot be run end to end here (no provider): these check that the configuration
/// reaches the real handler's options and that the scheme exists only when configured.
/// </summary>
public sealed class OpenIdConnectWiringTests
{
    private static Dictionary<string, string?> Oidc() => new()
    {
        ["Urls"] = SecurityAppFactory.NonLoopbackUrls,
        ["Auth:OpenIdConnect:Authority"] = "https://idp.example/realms/canary",
        ["Auth:OpenIdConnect:ClientId"] = "canary-dashboard",
        ["Auth:OpenIdConnect:ClientSecret"] = "s3cret",
        ["Auth:OpenIdConnect:RoleClaim"] = "groups",
        ["Auth:OpenIdConnect:Scopes:2"] = "groups",
    };

    [Fact]
    public async Task The_configured_provider_reaches_the_handler_options()
    {
        await using var app = new SecurityAppFactory(Oidc());
        using var client = app.NewClient();
        var schemes = app.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        var scheme = await schemes.GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme);
        Assert.Equal(typeof(OpenIdConnectHandler), scheme!.HandlerType);

        var options = app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);
        Assert.Equal("https://idp.example/realms/canary", options.Authority);
        Assert.Equal("canary-dashboard", options.ClientId);
        Assert.Equal("s3cret", options.ClientSecret);
        Assert.Equal("code", options.ResponseType);
        Assert.True(options.UsePkce);
        Assert.Contains("groups", options.Scope);
        Assert.Equal(SecurityServiceCollectionExtensions.CookieScheme, options.SignInScheme);
        Assert.NotNull(options.Events.OnTicketReceived);

        // Sign-in is required, and the sign-in page offers the provider instead of a password form.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        var page = await client.GetStringAsync("/signin?ReturnUrl=%2Fengine");
        Assert.Contains("/auth/oidc?returnUrl=%2Fengine", page);
        Assert.DoesNotContain("type=\"password\"", page);
    }

    [Fact]
    public async Task Without_an_authority_there_is_no_openid_connect_scheme()
    {
        await using var app = new SecurityAppFactory(new Dictionary<string, string?> { ["Urls"] = SecurityAppFactory.NonLoopbackUrls });
        using var client = app.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Null(await app.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme));
        Assert.Contains("type=\"password\"", await client.GetStringAsync("/signin"));
    }
}
