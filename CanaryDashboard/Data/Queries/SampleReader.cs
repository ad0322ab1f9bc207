using System.Data.Common;
using CanaryDashboard.Data.Entities;
using CanaryDashboard.Engine;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CanaryDashboard.Data.Queries;

/// <summary>
/// Reads one rollout's raw samples over a time range with a plain data reader: the read path of
/// the charts (24 h = 17,280 rows at 5 s) and of backtests (many runs). EF's materialization of the
/// complex <see cref="SampleValues"/> costs several times the query itself. Columns come from the EF model.
/// </summary>
internal static class SampleReader
{
    private static string? _select;
    private static readonly Action<SampleValues, double?>[] ValueSetters = SampleValues.FieldNames
        .Select(f => typeof(SampleValues).GetProperty(f)!.GetSetMethod()!.CreateDelegate<Action<SampleValues, double?>>())
        .ToArray();

    /// <summary>Samples with <paramref name="fromMs"/> ≤ At &lt; <paramref name="toMs"/>, after the cursor if any, oldest first.</summary>
    public static async Task<List<SampleRow>> ReadAsync(CanaryDbContext db, int rolloutId, long fromMs, long toMs, Cursor? after, int limit,
        CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            var where = "\"RolloutId\" = $rollout AND \"At\" >= $from AND \"At\" < $to";
            if (after is { } c)
            {
                where += c.Rank == 0 ? " AND \"At\" >= $afterAt" : " AND (\"At\" > $afterAt OR (\"At\" = $afterAt AND \"Id\" > $afterId))";
                Add(command, "$afterAt", c.At);
                Add(command, "$afterId", c.Id);
            }
            command.CommandText = (_select ??= BuildSelect(db)) + $" WHERE {where} ORDER BY \"At\", \"Id\" LIMIT $limit";
            Add(command, "$rollout", rolloutId);
            Add(command, "$from", fromMs);
            Add(command, "$to", toMs);
            Add(command, "$limit", limit);

            var rows = new List<SampleRow>(Math.Min(limit, 32_768));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            // SQLite answers synchronously anyway; ReadAsync per row only adds allocations.
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var values = new SampleValues();
                for (var i = 0; i < ValueSetters.Length; i++)
                {
                    if (!reader.IsDBNull(6 + i))
                        ValueSetters[i](values, reader.GetDouble(6 + i));
                }
                rows.Add(new SampleRow
                {
                    Id = reader.GetInt64(0),
                    RolloutId = reader.GetInt32(1),
                    At = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    StepIndex = reader.IsDBNull(3) ? null : reader.GetInt32(3),
                    Verdict = (Verdict)reader.GetInt32(4),
                    Reason = reader.IsDBNull(5) ? null : reader.GetString(5),
                    Values = values,
                });
            }
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Add(DbCommand command, string name, object value) =>
        command.Parameters.Add(new SqliteParameter(name, value));

    private static string BuildSelect(CanaryDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(SampleRow))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!);
        var columns = new[] { nameof(SampleRow.Id), nameof(SampleRow.RolloutId), nameof(SampleRow.At), nameof(SampleRow.StepIndex), nameof(SampleRow.Verdict), nameof(SampleRow.Reason) }
            .Select(p => entity.FindProperty(p)!.GetColumnName(table)!)
            .Concat(SampleValues.FieldNames.Select(f => entity.FindComplexProperty(nameof(SampleRow.Values))!.ComplexType.FindProperty(f)!.GetColumnName(table)!));
        return $"SELECT {string.Join(", ", columns.Select(c => "\"" + c + "\""))} FROM \"{table.Name}\"";
    }
}
