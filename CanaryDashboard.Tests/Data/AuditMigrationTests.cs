using CanaryDashboard.Data.Startup;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CanaryDashboard.Tests.Data;

/// <summary>The audit log's widening (rows without a rollout) applied to a file of the schema before it.</summary>
public sealed class AuditMigrationTests
{
    [Fact]
    public async Task Existing_audit_rows_keep_their_rollout_and_new_rows_may_have_none()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using (var db = database.Open())
            await db.GetService<IMigrator>().MigrateAsync("20261201080741_RecordEvidence");
        using (var raw = database.OpenRaw())
        {
            TestDatabase.Scalar(raw, """
                INSERT INTO Rollouts (Namespace, Name, Policy, PollsToAdvance, BreachesToAbort, AllowAutoPromoteToFull) VALUES ('shop', 'checkout', 'Auto', 3, 2, 0);
                INSERT INTO AuditLog (RolloutId, At, User, Action, Outcome) VALUES (1, 1000, 'alice', 'abort', 'succeeded');
                """);
            // Before the migration a row without a rollout is refused by the schema.
            Assert.ThrowsAny<Exception>(() => TestDatabase.Scalar(raw,
                "INSERT INTO AuditLog (RolloutId, At, User, Action, Outcome) VALUES (NULL, 2000, 'bob', 'sign-in', 'refused')"));
        }

        await DatabaseInitializer.InitializeAsync(database.Contexts, CancellationToken.None);

        await using (var db = database.Open())
        {
            Assert.False(db.Database.HasPendingModelChanges());
            var old = Assert.Single(await db.AuditLog.ToListAsync());
            Assert.Equal((1, "alice", "abort", (string?)null), (old.RolloutId, old.User, old.Action, old.Subject));
        }
        using (var raw = database.OpenRaw())
        {
            TestDatabase.Scalar(raw,
                "INSERT INTO AuditLog (RolloutId, At, User, Action, Outcome, Subject, Address) VALUES (NULL, 2000, 'bob', 'sign-in', 'refused', 'account bob', '127.0.0.1')");
            Assert.Equal(2L, TestDatabase.Scalar(raw, "SELECT COUNT(*) FROM AuditLog"));
        }
    }
}
