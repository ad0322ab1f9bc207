using CanaryDashboard.Security.Roles;

namespace CanaryDashboard.Security.Accounts;

/// <summary>A local account: a name, a role and a PBKDF2 password hash (never the password).</summary>
public sealed record LocalAccount(string Name, DashboardRole Role, string PasswordHash, string Source);
