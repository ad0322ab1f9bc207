using CanaryDashboard.Data.Writing;

namespace CanaryDashboard.Security.Audit;

/// <summary>
/// Audits changes that concern no rollout (profiles, sign-ins, refused sign-ins, sign-outs) into
/// the same audit log as rollout actions, and into the application log. The row is flushed before
/// the caller goes on, so whoever reads the audit log right after finds it there.
/// </summary>
public sealed class AuditTrail(HistoryWriter writer, TimeProvider time, ILogger<AuditTrail> logger)
{
    public async Task RecordAsync(string user, string action, string outcome, string subject,
        string? address = null, string? detail = null, CancellationToken cancellationToken = default)
    {
        var record = new AuditEventRecord(time.GetUtcNow(), user, action, outcome, subject, address, detail);
        logger.LogInformation("Audit: {User} {Action} {Subject}: {Outcome} {Detail}", user, action, subject, outcome, detail);
        if (!writer.TryEnqueue(HistoryBatch.Of(record)))
        {
            logger.LogError("Audit row dropped (writer queue full): {User} {Action} {Subject} {Outcome}", user, action, subject, outcome);
            return;
        }
        await writer.FlushAsync(cancellationToken);
    }
}
