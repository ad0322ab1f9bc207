using CanaryDashboard.Security;
using CanaryDashboard.Security.Actions;
using CanaryDashboard.Security.Roles;

namespace CanaryDashboard.Tests.Security;

/// <summary>The one map from action/permission to minimum role, and the role hierarchy on top of it.</summary>
public class PermissionMapTests
{
    [Theory]
    [InlineData(RolloutCommand.Abort, DashboardRole.Operator)]
    [InlineData(RolloutCommand.Pause, DashboardRole.Operator)]
    [InlineData(RolloutCommand.Resume, DashboardRole.Operator)]
    [InlineData(RolloutCommand.Retry, DashboardRole.Operator)]
    [InlineData(RolloutCommand.Promote, DashboardRole.ReleaseManager)]
    [InlineData(RolloutCommand.PromoteFull, DashboardRole.ReleaseManager)]
    [InlineData(RolloutCommand.Advance, DashboardRole.ReleaseManager)]
    public void Each_action_needs_the_role_the_issue_names(RolloutCommand command, DashboardRole minimum) =>
        Assert.Equal(minimum, Permissions.MinimumRole(command.Permission()));

    [Fact]
    public void Every_action_is_in_the_map() =>
        Assert.All(Enum.GetValues<RolloutCommand>(), c => Assert.NotEqual(DashboardPermission.View, c.Permission()));

    [Theory]
    [InlineData(DashboardPermission.View, DashboardRole.Viewer)]
    [InlineData(DashboardPermission.EditSettings, DashboardRole.Admin)]
    [InlineData(DashboardPermission.EditThresholds, DashboardRole.Admin)]
    public void Reading_is_for_everyone_and_settings_for_admins(DashboardPermission permission, DashboardRole minimum) =>
        Assert.Equal(minimum, Permissions.MinimumRole(permission));

    [Fact]
    public void Roles_are_hierarchical_each_has_exactly_the_permissions_at_or_below_it()
    {
        foreach (var role in DashboardRoles.All)
        foreach (var permission in Permissions.All)
            Assert.Equal(Permissions.MinimumRole(permission) <= role, role.Allows(permission));

        Assert.Equal([DashboardPermission.View], Permissions.Of(DashboardRole.Viewer));
        Assert.Equal(Permissions.All, Permissions.Of(DashboardRole.Admin));
        // Each step up adds something and keeps everything below.
        for (var i = 1; i < DashboardRoles.All.Count; i++)
        {
            var lower = Permissions.Of(DashboardRoles.All[i - 1]);
            var higher = Permissions.Of(DashboardRoles.All[i]);
            Assert.Superset(lower.ToHashSet(), higher.ToHashSet());
            Assert.True(higher.Count > lower.Count);
        }
    }

    [Fact]
    public void A_user_without_a_role_or_not_signed_in_can_do_nothing()
    {
        Assert.All(Permissions.All, p => Assert.False(CurrentUser.Anonymous.Can(p)));
        Assert.All(Permissions.All, p => Assert.False(new CurrentUser("bob", null, true, "oidc").Can(p)));
        Assert.Equal(DashboardRole.Operator, new CurrentUser("vic", DashboardRole.Viewer, true, "local").MissingRoleFor(DashboardPermission.Abort));
        Assert.Null(new CurrentUser("olga", DashboardRole.Operator, true, "local").MissingRoleFor(DashboardPermission.Abort));
    }

    [Theory]
    [InlineData("viewer", DashboardRole.Viewer)]
    [InlineData("Operator", DashboardRole.Operator)]
    [InlineData("release-manager", DashboardRole.ReleaseManager)]
    [InlineData("ReleaseManager", DashboardRole.ReleaseManager)]
    [InlineData("release_manager", DashboardRole.ReleaseManager)]
    [InlineData("ADMIN", DashboardRole.Admin)]
    public void Role_names_parse(string name, DashboardRole role)
    {
        Assert.True(DashboardRoles.TryParse(name, out var parsed));
        Assert.Equal(role, parsed);
        Assert.True(DashboardRoles.TryParse(role.Name(), out var roundTrip));
        Assert.Equal(role, roundTrip);
    }

    [Theory]
    [InlineData("")]
    [InlineData("root")]
    [InlineData("superadmin")]
    public void Unknown_role_names_do_not_parse(string name) => Assert.False(DashboardRoles.TryParse(name, out _));

    [Fact]
    public void Route_names_are_kubectls()
    {
        Assert.Equal(["abort", "retry", "promote", "promote-full", "pause", "resume", "advance"],
            Enum.GetValues<RolloutCommand>().Select(c => c.RouteName()));
        Assert.True(RolloutCommands.TryParseRouteName("PROMOTE-FULL", out var command));
        Assert.Equal(RolloutCommand.PromoteFull, command);
        Assert.False(RolloutCommands.TryParseRouteName("delete", out _));
    }
}
