namespace CanaryDashboard.Security.Roles;

/// <summary>Everything the dashboard lets a person do; <see cref="Permissions"/> says which role may.</summary>
public enum DashboardPermission
{
    View,
    Abort,
    Pause,
    Resume,
    Retry,
    Promote,
    PromoteFull,
    Advance,
    EditSettings,
    EditThresholds,
}
