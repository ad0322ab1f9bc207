namespace CanaryDashboard.Security.Roles;

/// <summary>
/// The one map from permission to the minimum role that has it. Roles are hierarchical, so a role
/// has a permission when it is at or above that minimum. Pages, endpoints and the actions service
/// all ask here (through policies or <see cref="CurrentUser.Can"/>), never compare roles themselves.
/// </summary>
public static class Permissions
{
    public static DashboardRole MinimumRole(DashboardPermission permission) => permission switch
    {
        DashboardPermission.View => DashboardRole.Viewer,
        DashboardPermission.Abort or DashboardPermission.Pause or DashboardPermission.Resume or DashboardPermission.Retry
            => DashboardRole.Operator,
        DashboardPermission.Promote or DashboardPermission.PromoteFull or DashboardPermission.Advance
            => DashboardRole.ReleaseManager,
        DashboardPermission.EditSettings or DashboardPermission.EditThresholds
            => DashboardRole.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(permission), permission, "every permission needs a minimum role"),
    };

    public static bool Allows(this DashboardRole role, DashboardPermission permission) => role >= MinimumRole(permission);

    public static IReadOnlyList<DashboardPermission> All { get; } = Enum.GetValues<DashboardPermission>();

    /// <summary>What a role may do, in declaration order (for /api/me and the UI).</summary>
    public static IReadOnlyList<DashboardPermission> Of(DashboardRole role) => All.Where(p => role.Allows(p)).ToArray();

    /// <summary>The authorization policy name of a permission: <c>[Authorize(Policy = Permissions.Policy.Abort)]</c>.</summary>
    public static string PolicyName(DashboardPermission permission) => "permission:" + permission;

    /// <summary>Policy names as constants, for attributes.</summary>
    public static class Policy
    {
        public const string View = "permission:View";
        public const string Abort = "permission:Abort";
        public const string Pause = "permission:Pause";
        public const string Resume = "permission:Resume";
        public const string Retry = "permission:Retry";
        public const string Promote = "permission:Promote";
        public const string PromoteFull = "permission:PromoteFull";
        public const string Advance = "permission:Advance";
        public const string EditSettings = "permission:EditSettings";
        public const string EditThresholds = "permission:EditThresholds";
    }
}
