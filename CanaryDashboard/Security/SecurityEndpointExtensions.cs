namespace CanaryDashboard.Security;

public static class SecurityEndpointExtensions
{
    /// <summary>Sign-in/out, /api/me and the authorized rollout actions.</summary>
    public static IEndpointRouteBuilder MapSecurityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapSignInEndpoints();
        app.MapRolloutActionEndpoints();
        return app;
    }
}
