using CanaryDashboard.Configuration;
using CanaryDashboard.Security.Accounts;
using CanaryDashboard.Security.Actions;
using CanaryDashboard.Security.Modes;
using CanaryDashboard.Security.Roles;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>The scheme every request is authenticated with; it forwards by the mode decided at start.</summary>
    public const string DashboardScheme = "Dashboard";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OpenIdConnectScheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>
    /// Authentication (local admin on loopback, cookies for local accounts and OpenID Connect),
    /// authorization (one policy per <see cref="DashboardPermission"/>; every endpoint without its
    /// own policy needs <see cref="DashboardPermission.View"/>, except the machine endpoints of
    /// <see cref="EndpointPermissions"/>), the current user, and the authorized actions service.
    /// Nothing here reads configuration before the host is built: the OpenID Connect scheme is added
    /// when the scheme list is first built, from the bound options.
    /// </summary>
    public static IServiceCollection AddDashboardSecurity(this IServiceCollection services)
    {
        services.AddSingleton<AuthModeResolver>();
        services.AddSingleton<LocalAccountStore>();
        services.AddHostedService<SecurityStartup>();

        services.AddAuthentication(DashboardScheme)
            .AddPolicyScheme(DashboardScheme, "CanaryDashboard", _ => { })
            .AddScheme<AuthenticationSchemeOptions, LocalAdminAuthenticationHandler>(LocalAdminAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieScheme);
        services.AddOptions<PolicySchemeOptions>(DashboardScheme).Configure<AuthModeResolver>((scheme, resolver) =>
        {
            scheme.ForwardDefaultSelector = _ => resolver.Current.Mode == EffectiveAuthMode.AnonymousLocalAdmin
                ? LocalAdminAuthenticationHandler.SchemeName
                : CookieScheme;
        });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<CanaryDashboardOptions>>((cookie, options) =>
        {
            cookie.Cookie.Name = "CanaryDashboard.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = SignInEndpoints.SignInPage;
            cookie.AccessDeniedPath = SignInEndpoints.AccessDeniedPage;
            cookie.ExpireTimeSpan = options.Value.Auth.SessionLifetime;
            cookie.SlidingExpiration = true;
        });
        AddOpenIdConnectWhenConfigured(services);

        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationHandler, EndpointPermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        services.AddAuthorization(authorization =>
        {
            foreach (var permission in Permissions.All)
                authorization.AddPolicy(Permissions.PolicyName(permission), policy => policy.AddRequirements(new PermissionRequirement(permission)));
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(new EndpointPermissionRequirement()).Build();
        });
        services.AddCascadingAuthenticationState();
        services.AddScoped<CurrentUserAccessor>();

        services.TryAddSingleton<IActionAuditLog, LoggingActionAuditLog>();
        services.TryAddSingleton<IRolloutCommandExecutor, KubernetesCommandExecutor>();   // needs AddKubernetesCluster()
        services.AddSingleton<IRolloutActionService>(sp => new AuthorizedRolloutActions(
            sp.GetRequiredService<IActionAuditLog>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AuthorizedRolloutActions>>(), sp.GetService<IRolloutCommandExecutor>()));
        return services;
    }

    private static void AddOpenIdConnectWhenConfigured(IServiceCollection services)
    {
        // The handler's services, without its scheme: the scheme is added below only when an Authority
        // is configured (an unconfigured OIDC scheme would fail every request on its option checks).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<CanaryDashboardOptions>>((authentication, options) =>
        {
            if (options.Value.Auth.OpenIdConnect.IsConfigured)
                authentication.AddScheme<OpenIdConnectHandler>(OpenIdConnectScheme, "OpenID Connect");
        });
        services.AddOptions<OpenIdConnectOptions>(OpenIdConnectScheme).Configure<IOptions<CanaryDashboardOptions>>((oidc, options) =>
            OpenIdConnectSetup.Configure(oidc, options.Value.Auth.OpenIdConnect));
    }
}
