using CanaryDashboard.Data.Entities;
using CanaryDashboard.Engine;
using Microsoft.EntityFrameworkCore;

namespace CanaryDashboard.Data.Settings;

/// <summary>A saved version of a threshold profile.</summary>
public sealed record ThresholdProfile(long Id, string Name, int Version, EngineParameters Parameters, string CreatedBy, DateTimeOffset CreatedAt, string? Comment)
{
    internal static ThresholdProfile From(ThresholdProfileRow r) => new(r.Id, r.Name, r.Version, r.ToParameters(), r.CreatedBy, r.CreatedAt, r.Comment);
}

/// <summary>
/// Named, versioned engine parameters. <see cref="SaveAsync"/> always adds a version (1, 2, …);
/// nothing is overwritten, so rollouts and backtests that name a version keep their exact values.
/// </summary>
public sealed class ThresholdProfileStore(IDbContextFactory<CanaryDbContext> contexts, TimeProvider time, SettingsChanges? changes = null)
{
    public const int MaxNameLength = 100;

    public async Task<(ThresholdProfile? Saved, IReadOnlyList<SettingsProblem> Problems)> SaveAsync(
        string name, EngineParameters parameters, string createdBy, string? comment, CancellationToken cancellationToken)
    {
        var problems = new List<SettingsProblem>();
        if (string.IsNullOrWhiteSpace(name))
            problems.Add(new("name", "must not be empty"));
        else if (name.Trim().Length > MaxNameLength)
            problems.Add(new("name", $"must be at most {MaxNameLength} characters"));
        problems.AddRange(parameters.Validate().Select(p => new SettingsProblem("parameters." + p.Field, p.Reason)));
        if (problems.Count > 0)
            return (null, problems);

        name = name.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // An immediate transaction: the version read and the insert cannot interleave with another save.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var latest = await db.ThresholdProfiles.Where(p => p.Name == name).MaxAsync(p => (int?)p.Version, cancellationToken) ?? 0;
        var row = new ThresholdProfileRow { Name = name, Version = latest + 1, CreatedBy = createdBy, CreatedAt = time.GetUtcNow(), Comment = comment };
        row.SetParameters(parameters);
        db.ThresholdProfiles.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        changes?.Raise();
        return (ThresholdProfile.From(row), []);
    }

    public async Task<ThresholdProfile?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ThresholdProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return row is null ? null : ThresholdProfile.From(row);
    }

    /// <summary>Every version of one profile, newest first.</summary>
    public async Task<IReadOnlyList<ThresholdProfile>> GetVersionsAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ThresholdProfiles.AsNoTracking().Where(p => p.Name == name).OrderByDescending(p => p.Version).ToListAsync(cancellationToken);
        return rows.Select(ThresholdProfile.From).ToList();
    }

    /// <summary>The latest version of every profile, by name.</summary>
    public async Task<IReadOnlyList<ThresholdProfile>> GetLatestAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ThresholdProfiles.AsNoTracking()
            .Where(p => p.Version == db.ThresholdProfiles.Where(q => q.Name == p.Name).Max(q => q.Version))
            .OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return rows.Select(ThresholdProfile.From).ToList();
    }
}
