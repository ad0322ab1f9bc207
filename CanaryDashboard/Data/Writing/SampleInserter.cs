using System.Data.Common;
using CanaryDashboard.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CanaryDashboard.Data.Writing;

/// <summary>
/// Inserts raw samples with one prepared statement reused for every row: the hot path of the
/// writer (every rollout, every poll). EF's SaveChanges would send a freshly parsed INSERT per row,
/// several times slower. Column names come from the EF model, so the SQL follows the mapping.
/// </summary>
internal static class SampleInserter
{
    private static string? _sql;

    public static async Task InsertAsync(CanaryDbContext db, IEnumerable<SampleRow> rows, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = _sql ??= BuildSql(db);
        var rolloutId = Add(command, "$RolloutId");
        var at = Add(command, "$At");
        var step = Add(command, "$StepIndex");
        var verdict = Add(command, "$Verdict");
        var reason = Add(command, "$Reason");
        var source = Add(command, "$ParameterSource");
        var profile = Add(command, "$ProfileName");
        var version = Add(command, "$ProfileVersion");
        var values = SampleValues.FieldNames.Select(f => Add(command, "$" + f)).ToArray();
        var getters = SampleValues.FieldNames.Select(f => typeof(SampleValues).GetProperty(f)!).ToArray();
        var evidence = SampleEvidence.FieldNames.Select(f => Add(command, "$Evidence" + f)).ToArray();
        var evidenceGetters = SampleEvidence.FieldNames.Select(f => typeof(SampleEvidence).GetProperty(f)!).ToArray();
        command.Prepare();

        foreach (var row in rows)
        {
            rolloutId.Value = row.RolloutId;
            at.Value = row.At.ToUnixTimeMilliseconds();
            step.Value = (object?)row.StepIndex ?? DBNull.Value;
            verdict.Value = (int)row.Verdict;
            reason.Value = (object?)row.Reason ?? DBNull.Value;
            source.Value = (object?)row.ParameterSource ?? DBNull.Value;
            profile.Value = (object?)row.ProfileName ?? DBNull.Value;
            version.Value = (object?)row.ProfileVersion ?? DBNull.Value;
            for (var i = 0; i < values.Length; i++)
                values[i].Value = getters[i].GetValue(row.Values) ?? DBNull.Value;
            for (var i = 0; i < evidence.Length; i++)
                evidence[i].Value = Stored(evidenceGetters[i].GetValue(row.Evidence));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>As EF stores it: enums as integers, times as Unix milliseconds (the context's convention).</summary>
    private static object Stored(object? value) => value switch
    {
        null => DBNull.Value,
        Enum e => Convert.ToInt32(e),
        DateTimeOffset t => t.ToUnixTimeMilliseconds(),
        _ => value,
    };

    private static DbParameter Add(DbCommand command, string name)
    {
        var parameter = new SqliteParameter { ParameterName = name };
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static string BuildSql(CanaryDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(SampleRow))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!);
        var columns = new List<(string Column, string Parameter)>();
        foreach (var name in new[] { nameof(SampleRow.RolloutId), nameof(SampleRow.At), nameof(SampleRow.StepIndex), nameof(SampleRow.Verdict), nameof(SampleRow.Reason),
                     nameof(SampleRow.ParameterSource), nameof(SampleRow.ProfileName), nameof(SampleRow.ProfileVersion) })
            columns.Add((entity.FindProperty(name)!.GetColumnName(table)!, "$" + name));
        var complex = entity.FindComplexProperty(nameof(SampleRow.Values))!.ComplexType;
        foreach (var field in SampleValues.FieldNames)
            columns.Add((complex.FindProperty(field)!.GetColumnName(table)!, "$" + field));
        var evidence = entity.FindComplexProperty(nameof(SampleRow.Evidence))!.ComplexType;
        foreach (var field in SampleEvidence.FieldNames)
            columns.Add((evidence.FindProperty(field)!.GetColumnName(table)!, "$Evidence" + field));
        return $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => "\"" + c.Column + "\""))}) " +
               $"VALUES ({string.Join(", ", columns.Select(c => c.Parameter))});";
    }
}
