namespace CanaryDashboard.Data.Entities;

/// <summary>One action on a rollout, from a user in the UI or from the poller: the audit log.</summary>
public sealed class AuditRow
{
    public long Id { get; set; }
    public int RolloutId { get; set; }
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
}
