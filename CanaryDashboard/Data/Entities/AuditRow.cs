namespace CanaryDashboard.Data.Entities;

/// <summary>
/// One audited change: an action on a rollout (from a user or the poller), a change of settings,
/// profiles or assignments, or an account event (sign-in, refused sign-in, sign-out).
/// </summary>
public sealed class AuditRow
{
    public long Id { get; set; }
    /// <summary>The rollout acted on; null for changes that concern no rollout (a profile, a sign-in).</summary>
    public int? RolloutId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The user's name, or "poller" for the control loop.</summary>
    public required string User { get; set; }
    /// <summary>abort, promote, promote-full, retry, pause, resume, advance…</summary>
    public required string Action { get; set; }
    /// <summary>succeeded, failed, refused…</summary>
    public required string Outcome { get; set; }
    public string? PatchTarget { get; set; }
    public string? PatchBody { get; set; }
    public string? KubectlCommand { get; set; }
    public string? Error { get; set; }
    /// <summary>What a change without a rollout concerned, e.g. "profile strict" or "account alice".</summary>
    public string? Subject { get; set; }
    /// <summary>The client's address, for account events (sign-in attempts are rate-limited per address).</summary>
    public string? Address { get; set; }
}
