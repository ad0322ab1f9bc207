namespace CanaryDashboard.Security.Roles;

/// <summary>
/// The dashboard's roles, lowest first: each role can do everything the roles below it can
/// (the numeric order is the hierarchy, so compare with <c>&gt;=</c>).
/// </summary>
public enum DashboardRole
{
    /// <summary>Reads everything, changes nothing.</summary>
    Viewer = 0,
    /// <summary>Also abort, pause, resume, retry: what on-call needs to stop a bad canary.</summary>
    Operator = 1,
    /// <summary>Also promote, promote full, advance: moves a canary forward.</summary>
    ReleaseManager = 2,
    /// <summary>Also settings, thresholds and profiles.</summary>
    Admin = 3,
}

/// <summary>The roles' names as configuration, claims and the API write them.</summary>
public static class DashboardRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string ReleaseManager = "release-manager";
    public const string Admin = "admin";

    public static IReadOnlyList<DashboardRole> All { get; } = Enum.GetValues<DashboardRole>();

    public static string Name(this DashboardRole role) => role switch
    {
        DashboardRole.Viewer => Viewer,
        DashboardRole.Operator => Operator,
        DashboardRole.ReleaseManager => ReleaseManager,
        DashboardRole.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Parses a role name; case and <c>-</c>/<c>_</c>/space are forgiven ("ReleaseManager", "release_manager").</summary>
    public static bool TryParse(string? value, out DashboardRole role)
    {
        role = DashboardRole.Viewer;
        if (string.IsNullOrWhiteSpace(value))
            return false;
        var plain = new string(value.Where(char.IsLetter).ToArray());
        foreach (var candidate in All)
        {
            if (string.Equals(plain, candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }
        return false;
    }

    public static string Names => string.Join(", ", All.Select(r => r.Name()));
}
