using CanaryDashboard.Data.Writing;

namespace CanaryDashboard.Security.Actions;

/// <summary>
/// The audit trail in SQLite (the <c>AuditLog</c> table), also written to the application log.
/// The row is flushed before the caller sees the result, so an on-call engineer who reads the
/// audit log right after an abort finds it there.
/// </summary>
public sealed class HistoryActionAuditLog(HistoryWriter writer, ILogger<HistoryActionAuditLog> logger) : IActionAuditLog
{
    public async Task RecordAsync(ActionAuditEntry e, CancellationToken cancellationToken)
    {
        logger.LogInformation("Audit: {User} ({Role}) {Action} {Rollout}: {Outcome}", e.User, e.Role, e.Action, e.Rollout, e.Outcome);
        var record = new ActionRecord(e.Rollout, e.At, e.User, e.Action, e.Outcome, e.PatchTarget, e.PatchBody, e.KubectlCommand, e.Error);
        if (!writer.TryEnqueue(HistoryBatch.Of(record)))
        {
            logger.LogError("Audit row dropped (writer queue full): {User} {Action} {Rollout} {Outcome}", e.User, e.Action, e.Rollout, e.Outcome);
            return;
        }
        await writer.FlushAsync(cancellationToken);
    }
}
