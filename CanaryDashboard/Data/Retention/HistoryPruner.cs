using System.Globalization;
using System.Text;
using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Data.Retention;

/// <summary>
/// Every <c>Storage:Retention:PruneInterval</c> (on the injected clock): folds raw samples older
/// than the raw retention into 1-minute aggregates and deletes them, and deletes aggregates older
/// than the aggregate retention. One transaction per rollout, so the write lock is held briefly
/// and a minute is never both raw and aggregated. Only whole minutes are folded.
/// </summary>
public sealed class HistoryPruner(
    IDbContextFactory<CanaryDbContext> contexts,
    IOptions<CanaryDashboardOptions> options,
    TimeProvider time,
    ILogger<HistoryPruner> logger) : BackgroundService
{
    private long _passes;

    /// <summary>Completed passes (successful or not) since start.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>What the last successful pass did.</summary>
    public PruneResult? LastResult { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Storage.Retention.PruneInterval, time);
        do
        {
            try
            {
                LastResult = await PruneOnceAsync(stoppingToken);
                if (LastResult.SamplesFolded > 0 || LastResult.AggregatesDeleted > 0)
                    logger.LogInformation("Retention: folded {Samples} samples into {Minutes} minute aggregates, deleted {Aggregates} old aggregates",
                        LastResult.SamplesFolded, LastResult.MinutesWritten, LastResult.AggregatesDeleted);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A failed pass (locked file, full disk) is tried again next interval.
                logger.LogError(ex, "Retention pass failed");
            }
            Interlocked.Increment(ref _passes);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken); }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>One pass at the clock's current time.</summary>
    public async Task<PruneResult> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.Storage.Retention;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var rawCutoff = FloorToMinute(now - (long)retention.RawSamples.TotalMilliseconds);
        var aggregateCutoff = now - (long)retention.MinuteAggregates.TotalMilliseconds;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rollouts = await db.Rollouts.Select(r => r.Id).ToListAsync(cancellationToken);
        var fold = FoldSql(db);
        long folded = 0, minutes = 0, deleted = 0;
        foreach (var rolloutId in rollouts)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            minutes += await db.Database.ExecuteSqlRawAsync(fold,
                [new SqliteParameter("$rollout", rolloutId), new SqliteParameter("$cutoff", rawCutoff)], cancellationToken);
            folded += await db.Database.ExecuteSqlRawAsync(
                """DELETE FROM "Samples" WHERE "RolloutId" = $rollout AND "At" < $cutoff""",
                [new SqliteParameter("$rollout", rolloutId), new SqliteParameter("$cutoff", rawCutoff)], cancellationToken);
            deleted += await db.Database.ExecuteSqlRawAsync(
                """DELETE FROM "MinuteAggregates" WHERE "RolloutId" = $rollout AND "Minute" < $cutoff""",
                [new SqliteParameter("$rollout", rolloutId), new SqliteParameter("$cutoff", aggregateCutoff)], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return new PruneResult(folded, minutes, deleted, DateTimeOffset.FromUnixTimeMilliseconds(rawCutoff));
    }

    private static long FloorToMinute(long ms) => ms - ((ms % 60_000) + 60_000) % 60_000;

    /// <summary>
    /// INSERT … SELECT … GROUP BY minute, with an upsert that merges into a minute already folded
    /// (a sample that arrived late): counts add, min/max combine, averages are weighted by sample count.
    /// Column names come from the EF model so the SQL follows <see cref="SampleValues"/>.
    /// </summary>
    private static string FoldSql(CanaryDbContext db)
    {
        var sample = db.Model.FindEntityType(typeof(SampleRow))!;
        var aggregate = db.Model.FindEntityType(typeof(MinuteAggregateRow))!;
        var samples = StoreObjectIdentifier.Table("Samples");
        var aggregates = StoreObjectIdentifier.Table("MinuteAggregates");
        string RawColumn(string field) => sample.FindComplexProperty(nameof(SampleRow.Values))!.ComplexType.FindProperty(field)!.GetColumnName(samples)!;
        string AggColumn(string part, string field) => aggregate.FindComplexProperty(part)!.ComplexType.FindProperty(field)!.GetColumnName(aggregates)!;

        var insert = new List<string> { "\"RolloutId\"", "\"Minute\"", "\"SampleCount\"", "\"ProceedCount\"", "\"BreachCount\"", "\"InsufficientDataCount\"", "\"MaxStepIndex\"" };
        var select = new List<string>
        {
            "\"RolloutId\"", "(\"At\" / 60000) * 60000", "COUNT(*)",
            $"SUM(\"Verdict\" = {(int)Engine.Verdict.Proceed})", $"SUM(\"Verdict\" = {(int)Engine.Verdict.Breach})",
            $"SUM(\"Verdict\" = {(int)Engine.Verdict.InsufficientData})", "MAX(\"StepIndex\")",
        };
        var update = new List<string>
        {
            "\"SampleCount\" = \"SampleCount\" + excluded.\"SampleCount\"",
            "\"ProceedCount\" = \"ProceedCount\" + excluded.\"ProceedCount\"",
            "\"BreachCount\" = \"BreachCount\" + excluded.\"BreachCount\"",
            "\"InsufficientDataCount\" = \"InsufficientDataCount\" + excluded.\"InsufficientDataCount\"",
            "\"MaxStepIndex\" = MAX(COALESCE(\"MaxStepIndex\", excluded.\"MaxStepIndex\"), COALESCE(excluded.\"MaxStepIndex\", \"MaxStepIndex\"))",
        };
        foreach (var field in SampleValues.FieldNames)
        {
            var raw = Quote(RawColumn(field));
            string min = Quote(AggColumn("Min", field)), avg = Quote(AggColumn("Avg", field)), max = Quote(AggColumn("Max", field));
            insert.AddRange([min, avg, max]);
            select.AddRange([$"MIN({raw})", $"AVG({raw})", $"MAX({raw})"]);
            update.Add($"{min} = MIN(COALESCE({min}, excluded.{min}), COALESCE(excluded.{min}, {min}))");
            update.Add($"{max} = MAX(COALESCE({max}, excluded.{max}), COALESCE(excluded.{max}, {max}))");
            update.Add($"{avg} = CASE WHEN {avg} IS NULL THEN excluded.{avg} WHEN excluded.{avg} IS NULL THEN {avg} " +
                       $"ELSE ({avg} * \"SampleCount\" + excluded.{avg} * excluded.\"SampleCount\") * 1.0 / (\"SampleCount\" + excluded.\"SampleCount\") END");
        }

        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO \"MinuteAggregates\" ({string.Join(", ", insert)})\n");
        sql.Append(CultureInfo.InvariantCulture, $"SELECT {string.Join(", ", select)}\nFROM \"Samples\" WHERE \"RolloutId\" = $rollout AND \"At\" < $cutoff\n");
        sql.Append("GROUP BY \"RolloutId\", (\"At\" / 60000)\n");
        // SQLite evaluates SET expressions against the old row, so the weighted average reads the old count.
        sql.Append(CultureInfo.InvariantCulture, $"ON CONFLICT (\"RolloutId\", \"Minute\") DO UPDATE SET {string.Join(",\n  ", update)};");
        return sql.ToString();
    }

    private static string Quote(string column) => "\"" + column + "\"";
}

/// <summary>What one pruning pass did.</summary>
public sealed record PruneResult(long SamplesFolded, long MinutesWritten, long AggregatesDeleted, DateTimeOffset RawCutoff);
