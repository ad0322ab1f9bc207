using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CanaryDashboard.Data.Startup;

/// <summary>
/// Per-connection settings. WAL is a property of the file (set once by <see cref="DatabaseInitializer"/>);
/// <c>synchronous=NORMAL</c> is per connection: with WAL it never corrupts the file, and a power
/// cut can only lose the last commits (a killed process loses nothing committed).
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
