using System.Data.Common;
using CanaryDashboard.Data.Entities;
using CanaryDashboard.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CanaryDashboard.Data.Writing;

/// <summary>
/// Writes history batches to the database, all of a call in one transaction: rollouts are
/// upserted (first/last seen), samples, decisions and audit rows inserted, and rollout runs
/// opened and closed from what the samples show. <see cref="HistoryWriter"/> calls it from its one
/// loop; it is not meant for concurrent calls (the run cache assumes one writer).
/// </summary>
public sealed class HistoryBatchStore(IDbContextFactory<CanaryDbContext> contexts)
{
    private readonly RunTracker _runs = new();

    public async Task WriteAsync(IReadOnlyList<HistoryBatch> batches, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var ids = await UpsertRolloutsAsync(db, batches, cancellationToken);
            await SampleInserter.InsertAsync(db, batches.SelectMany(b => b.Samples).Select(s => ToRow(s, ids[s.Rollout])), cancellationToken);
            foreach (var batch in batches)
            {
                foreach (var decision in batch.Decisions)
                    db.Decisions.Add(ToRow(decision, ids[decision.Rollout]));
                foreach (var action in batch.Actions)
                    db.AuditLog.Add(ToRow(action, ids[action.Rollout]));
                foreach (var auditEvent in batch.Events)
                    db.AuditLog.Add(ToRow(auditEvent));
            }
            await _runs.ApplyAsync(db, batches, ids, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // What the cache holds may not have landed: read it again next time.
            _runs.Forget();
            throw;
        }
    }

    /// <summary>
    /// One statement per rollout: insert it when new, else move its last-seen time forward; returns
    /// the ids. The upsert (not read-then-insert) is what keeps a settings write racing a first
    /// sample from creating two rows.
    /// </summary>
    private static async Task<Dictionary<RolloutKey, int>> UpsertRolloutsAsync(
        CanaryDbContext db, IReadOnlyList<HistoryBatch> batches, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<RolloutKey, (DateTimeOffset First, DateTimeOffset Last)?>();
        foreach (var batch in batches)
        {
            foreach (var s in batch.Samples)
                seen[s.Rollout] = seen.GetValueOrDefault(s.Rollout) is { } t
                    ? (s.At < t.First ? s.At : t.First, s.At > t.Last ? s.At : t.Last)
                    : (s.At, s.At);
            foreach (var key in batch.Decisions.Select(d => d.Rollout).Concat(batch.Actions.Select(a => a.Rollout)))
                seen.TryAdd(key, null);
        }

        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = """
            INSERT INTO "Rollouts" ("Namespace", "Name", "FirstSeenAt", "LastSeenAt", "Policy", "PollsToAdvance", "BreachesToAbort", "AllowAutoPromoteToFull")
            VALUES ($ns, $name, $first, $last, $policy, $polls, $breaches, 0)
            ON CONFLICT ("Namespace", "Name") DO UPDATE SET
              "FirstSeenAt" = COALESCE("Rollouts"."FirstSeenAt", excluded."FirstSeenAt"),
              "LastSeenAt" = CASE WHEN excluded."LastSeenAt" IS NULL THEN "Rollouts"."LastSeenAt"
                                  ELSE MAX(COALESCE("Rollouts"."LastSeenAt", 0), excluded."LastSeenAt") END
            RETURNING "Id";
            """;
        var ns = Add(command, "$ns");
        var name = Add(command, "$name");
        var first = Add(command, "$first");
        var last = Add(command, "$last");
        Add(command, "$policy").Value = nameof(RolloutPolicy.Observe);
        Add(command, "$polls").Value = RolloutSettingsDefaults.PollsToAdvance;
        Add(command, "$breaches").Value = RolloutSettingsDefaults.BreachesToAbort;

        var ids = new Dictionary<RolloutKey, int>(seen.Count);
        foreach (var (key, times) in seen)
        {
            ns.Value = key.Namespace;
            name.Value = key.Name;
            first.Value = times is { } t ? t.First.ToUnixTimeMilliseconds() : DBNull.Value;
            last.Value = times is { } u ? u.Last.ToUnixTimeMilliseconds() : DBNull.Value;
            ids[key] = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        return ids;
    }

    private static DbParameter Add(DbCommand command, string name)
    {
        var parameter = new SqliteParameter { ParameterName = name };
        command.Parameters.Add(parameter);
        return parameter;
    }

    internal static SampleRow ToRow(SampleRecord s, int rolloutId)
    {
        var row = ToRowValues(s, rolloutId);
        row.SetOrigin(s.Origin);
        return row;
    }

    private static SampleRow ToRowValues(SampleRecord s, int rolloutId) => new()
    {
        RolloutId = rolloutId,
        At = s.At,
        StepIndex = s.StepIndex,
        Verdict = s.Engine.Verdict,
        Reason = s.Engine.Reason,
        Evidence = SampleEvidenceMapping.ToEvidence(s),
        Values = new SampleValues
        {
            CanaryP99 = s.Canary.P99Seconds, StableP99 = s.Stable.P99Seconds,
            CanaryErrorRate = s.Canary.ErrorRate, StableErrorRate = s.Stable.ErrorRate,
            CanaryRequestRate = s.Canary.RequestsPerSecond, StableRequestRate = s.Stable.RequestsPerSecond,
            CanaryRequests = s.Canary.Requests, StableRequests = s.Stable.Requests,
            CanaryPoolOpen = s.Canary.Pool?.Open, CanaryPoolIdle = s.Canary.Pool?.Idle, CanaryPoolMax = s.Canary.Pool?.Max,
            StablePoolOpen = s.Stable.Pool?.Open, StablePoolIdle = s.Stable.Pool?.Idle, StablePoolMax = s.Stable.Pool?.Max,
            LatencyDelta = Finite(s.Engine.LatencyDelta), ErrorDelta = Finite(s.Engine.ErrorDelta),
            SafeWeight = s.Engine.SafeWeight, EngineWeight = s.Engine.Weight,
            ActualWeight = s.ActualWeight, SetWeight = s.SetWeight,
        },
    };

    private static DecisionRow ToRow(DecisionRecord d, int rolloutId)
    {
        var row = ToRowValues(d, rolloutId);
        row.SetOrigin(d.Origin);
        return row;
    }

    private static DecisionRow ToRowValues(DecisionRecord d, int rolloutId) => new()
    {
        RolloutId = rolloutId,
        At = d.At,
        Policy = d.Policy,
        Verdict = d.Engine.Verdict,
        SafeWeight = d.Engine.SafeWeight,
        EngineWeight = d.Engine.Weight,
        LatencyDelta = Finite(d.Engine.LatencyDelta),
        ErrorDelta = Finite(d.Engine.ErrorDelta),
        EngineReason = d.Engine.Reason,
        Rule = d.Rule,
        Action = d.Action,
        TargetWeight = d.TargetWeight,
        TargetStepIndex = d.TargetStepIndex,
        PatchTarget = d.Sent?.Target,
        PatchBody = d.Sent?.Body,
        PatchOutcome = d.Sent?.Outcome,
        PatchSucceeded = d.Sent?.Succeeded,
    };

    private static AuditRow ToRow(ActionRecord a, int rolloutId) => new()
    {
        RolloutId = rolloutId,
        At = a.At,
        User = a.User,
        Action = a.Action,
        Outcome = a.Outcome,
        PatchTarget = a.PatchTarget,
        PatchBody = a.PatchBody,
        KubectlCommand = a.KubectlCommand,
        Error = a.Error,
    };

    private static AuditRow ToRow(AuditEventRecord e) => new()
    {
        RolloutId = null,
        At = e.At,
        User = e.User,
        Action = e.Action,
        Outcome = e.Outcome,
        Subject = e.Subject,
        Address = e.Address,
        Error = e.Detail,
    };

    // SQLite stores NaN as NULL anyway; infinities would read back as text-ish surprises.
    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;
}
