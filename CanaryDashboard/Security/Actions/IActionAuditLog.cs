using CanaryDashboard.Model;

namespace CanaryDashboard.Security.Actions;

/// <summary>
/// Where audited actions go: the storage's <c>AuditLog</c> table once wired (through
/// <c>HistoryWriter.TryEnqueue(HistoryBatch.Of(new ActionRecord(...)))</c> and a flush), the
/// application log until then (<see cref="LoggingActionAuditLog"/>).
/// </summary>
public interface IActionAuditLog
{
    Task RecordAsync(ActionAuditEntry entry, CancellationToken cancellationToken);
}

/// <summary>
/// One audited action: who (name and role), what, when, and what came of it — including refusals
/// by role, which never reach the cluster. Fields line up with the storage's <c>ActionRecord</c>.
/// </summary>
public sealed record ActionAuditEntry(
    RolloutKey Rollout,
    DateTimeOffset At,
    string User,
    string Role,
    string Action,
    string Outcome,
    string? PatchTarget = null,
    string? PatchBody = null,
    string? KubectlCommand = null,
    string? Error = null);

/// <summary>The audit trail as structured log lines: the sink until the SQLite audit table is connected.</summary>
public sealed class LoggingActionAuditLog(ILogger<LoggingActionAuditLog> logger) : IActionAuditLog
{
    public Task RecordAsync(ActionAuditEntry entry, CancellationToken cancellationToken)
    {
        logger.LogInformation(
            "Audit: {User} ({Role}) {Action} {Rollout} at {At:O}: {Outcome}; patch {PatchTarget} {PatchBody}; {Error}",
            entry.User, entry.Role, entry.Action, entry.Rollout, entry.At, entry.Outcome, entry.PatchTarget, entry.PatchBody, entry.Error);
        return Task.CompletedTask;
    }
}
