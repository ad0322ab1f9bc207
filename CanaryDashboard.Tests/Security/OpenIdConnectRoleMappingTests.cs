using System.Security.Claims;
using CanaryDashboard.Configuration;
using CanaryDashboard.Security;
using CanaryDashboard.Security.Modes;
using CanaryDashboard.Security.Roles;

namespace CanaryDashboard.Tests.Security;

/// <summary>The provider's claims → the dashboard's user: the configured role claim, value mapping, highest role wins.</summary>
public class OpenIdConnectRoleMappingTests
{
    private static CurrentUser? Map(OpenIdConnectAuthOptions options, params (string Type, string Value)[] claims)
    {
        var provider = new ClaimsPrincipal(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));
        return OpenIdConnectRoleMapping.Map(provider, options, "OpenIdConnect") is { } identity ? CurrentUser.From(new(identity)) : null;
    }

    [Fact]
    public void The_configured_claim_carries_the_role_and_the_highest_wins()
    {
        var options = new OpenIdConnectAuthOptions { RoleClaim = "groups", NameClaim = "preferred_username" };
        var user = Map(options, ("preferred_username", "alice"), ("groups", "viewer"), ("groups", "release-manager"), ("roles", "admin"));
        Assert.Equal("alice", user!.Name);
        Assert.Equal(DashboardRole.ReleaseManager, user.Role);   // "roles" is not the configured claim
    }

    [Fact]
    public void Provider_values_map_through_RoleValues()
    {
        var options = new OpenIdConnectAuthOptions { RoleClaim = "groups", RoleValues = { ["canary-oncall"] = "operator", ["platform-leads"] = "admin" } };
        Assert.Equal(DashboardRole.Operator, Map(options, ("sub", "u1"), ("groups", "developers"), ("groups", "canary-oncall"))!.Role);
        Assert.Equal(DashboardRole.Admin, Map(options, ("sub", "u1"), ("groups", """["canary-oncall","platform-leads"]"""))!.Role);
    }

    [Fact]
    public void No_known_role_gives_the_default_role_or_no_access()
    {
        Assert.Equal(DashboardRole.Viewer, Map(new OpenIdConnectAuthOptions(), ("sub", "u2"), ("roles", "developers"))!.Role);
        Assert.Null(Map(new OpenIdConnectAuthOptions { DefaultRole = "" }, ("sub", "u2"), ("roles", "developers")));
    }

    [Fact]
    public void The_name_falls_back_to_email_then_subject()
    {
        var options = new OpenIdConnectAuthOptions { NameClaim = "preferred_username" };
        Assert.Equal("a@example.org", Map(options, ("email", "a@example.org"), ("sub", "u3"), ("roles", "viewer"))!.Name);
        Assert.Equal("u3", Map(options, ("sub", "u3"), ("roles", "viewer"))!.Name);
    }
}
