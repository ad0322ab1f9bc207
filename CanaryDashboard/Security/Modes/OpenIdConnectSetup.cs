using Microsoft.AspNetCore.Authentication;
using CanaryDashboard.Configuration;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CanaryDashboard.Security.Modes;

/// <summary>The OpenID Connect handler's options from <c>Auth:OpenIdConnect</c>: code flow with PKCE, roles mapped on sign-in.</summary>
public static class OpenIdConnectSetup
{
    public const string CallbackPath = "/signin-oidc";
    public const string SignedOutCallbackPath = "/signout-callback-oidc";

    public static void Configure(OpenIdConnectOptions oidc, OpenIdConnectAuthOptions options)
    {
        oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        oidc.Authority = options.Authority;
        oidc.ClientId = options.ClientId;
        oidc.ClientSecret = string.IsNullOrEmpty(options.ClientSecret) ? null : options.ClientSecret;
        oidc.RequireHttpsMetadata = options.RequireHttpsMetadata;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.UsePkce = true;
        oidc.CallbackPath = CallbackPath;
        oidc.SignedOutCallbackPath = SignedOutCallbackPath;
        oidc.GetClaimsFromUserInfoEndpoint = true;
        oidc.MapInboundClaims = false;   // keep the provider's claim names, so RoleClaim means what the provider sends
        oidc.SaveTokens = false;
        oidc.ClaimActions.MapJsonKey(options.RoleClaim, options.RoleClaim);   // roles sent only by the user-info endpoint
        oidc.Scope.Clear();
        foreach (var scope in options.Scopes.Distinct())
            oidc.Scope.Add(scope);
        // After the ID token and the user-info answer are both in (roles may come from either).
        oidc.Events.OnTicketReceived = context =>
        {
            if (context.Principal is null)
                return Task.CompletedTask;
            var identity = OpenIdConnectRoleMapping.Map(context.Principal, options, OpenIdConnectDefaults.AuthenticationScheme);
            if (identity is null)
                context.Fail($"the provider gave no role this dashboard knows in the claim '{options.RoleClaim}', and Auth:OpenIdConnect:DefaultRole is empty");
            else
                context.Principal = new(identity);
            return Task.CompletedTask;
        };
    }
}
