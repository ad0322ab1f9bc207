using System.Security.Claims;
using CanaryDashboard.Security.Accounts;
using CanaryDashboard.Security.Modes;
using CanaryDashboard.Security.Roles;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace CanaryDashboard.Security;

/// <summary>
/// The sign-in flow: the page (<c>/signin</c>, a static form), the form post that checks a local
/// account and sets the cookie, the OpenID Connect challenge, sign-out, and <c>/api/me</c>.
/// </summary>
public static class SignInEndpoints
{
    public const string SignInPage = "/signin";
    public const string AccessDeniedPage = "/access-denied";
    public const string SignInPost = "/auth/signin";
    public const string SignOutPost = "/auth/signout";
    public const string OpenIdConnectStart = "/auth/oidc";

    /// <summary>Reached without a user (the fallback policy lets them through).</summary>
    public static readonly string[] PublicPaths =
        [SignInPage, AccessDeniedPage, SignInPost, OpenIdConnectStart, OpenIdConnectSetup.CallbackPath, OpenIdConnectSetup.SignedOutCallbackPath];

    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(SignInPost, async (HttpContext http, AuthModeResolver modes, LocalAccountStore accounts,
            [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl) =>
        {
            if (modes.Current.Mode != EffectiveAuthMode.LocalAccounts)
                return Results.Redirect(SignInPage);
            var account = accounts.Verify(username, password);
            if (account is null)
                return Results.Redirect($"{SignInPage}?error=1&returnUrl={Uri.EscapeDataString(SafeReturnUrl(returnUrl))}");
            var identity = DashboardClaims.Identity(account.Name, account.Role, "local");
            await http.SignInAsync(SecurityServiceCollectionExtensions.CookieScheme, new ClaimsPrincipal(identity));
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        });

        app.MapGet(OpenIdConnectStart, (AuthModeResolver modes, string? returnUrl) =>
            modes.Current.Mode == EffectiveAuthMode.OpenIdConnect
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [SecurityServiceCollectionExtensions.OpenIdConnectScheme])
                : Results.Redirect(SignInPage));

        app.MapPost(SignOutPost, async (HttpContext http) =>
        {
            await http.SignOutAsync(SecurityServiceCollectionExtensions.CookieScheme);
            return Results.LocalRedirect(SignInPage);
        });

        app.MapGet("/api/me", (HttpContext http, AuthModeResolver modes) =>
        {
            var user = CurrentUser.From(http.User);
            return Results.Ok(new
            {
                name = user.Name,
                role = user.RoleName,
                signedIn = user.IsAuthenticated,
                mode = modes.Current.Mode.ToString(),
                permissions = user.Role is { } role ? Permissions.Of(role).Select(p => p.ToString()) : [],
            });
        });
        return app;
    }

    /// <summary>Only a path of this app: anything else (//evil.example, https://…) becomes "/".</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
