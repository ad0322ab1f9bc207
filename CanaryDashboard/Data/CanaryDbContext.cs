using CanaryDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CanaryDashboard.Data;

/// <summary>
/// The dashboard's history: rollouts and their settings, raw samples, 1-minute aggregates,
/// decisions, the audit log, versioned threshold profiles and rollout runs. Created per unit of
/// work through <see cref="IDbContextFactory{TContext}"/>.
/// </summary>
public sealed class CanaryDbContext(DbContextOptions<CanaryDbContext> options) : DbContext(options)
{
    public DbSet<RolloutRow> Rollouts => Set<RolloutRow>();
    public DbSet<SampleRow> Samples => Set<SampleRow>();
    public DbSet<MinuteAggregateRow> MinuteAggregates => Set<MinuteAggregateRow>();
    public DbSet<DecisionRow> Decisions => Set<DecisionRow>();
    public DbSet<AuditRow> AuditLog => Set<AuditRow>();
    public DbSet<ThresholdProfileRow> ThresholdProfiles => Set<ThresholdProfileRow>();
    public DbSet<RolloutRunRow> RolloutRuns => Set<RolloutRunRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CanaryDbContext).Assembly,
            t => t.Namespace == typeof(Configurations.RolloutConfiguration).Namespace);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type and EF cannot compare DateTimeOffset stored as text: store Unix
        // milliseconds (UTC), which index, compare and order as numbers.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}
