using CanaryDashboard.Data.Entities;
using CanaryDashboard.Model;
using Microsoft.EntityFrameworkCore;

namespace CanaryDashboard.Data.Settings;

/// <summary>Per-rollout settings (policy, profile, label values, N, M, auto promote to full) in the database.</summary>
public sealed class RolloutSettingsStore(IDbContextFactory<CanaryDbContext> contexts, TimeProvider time, SettingsChanges? changes = null)
{
    public async Task<StoredRolloutSettings> GetAsync(RolloutKey rollout, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Rollouts.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Namespace == rollout.Namespace && r.Name == rollout.Name, cancellationToken);
        return row is null ? new(rollout, RolloutSettings.Default, true, null, null) : ToStored(row);
    }

    /// <summary>Every rollout with stored settings (what the poller reads once per cycle).</summary>
    public async Task<IReadOnlyDictionary<RolloutKey, RolloutSettings>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Rollouts.AsNoTracking().ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key, RolloutSettings.From);
    }

    /// <summary>Every problem with <paramref name="settings"/>; empty when it can be saved.</summary>
    public async Task<IReadOnlyList<SettingsProblem>> ValidateAsync(RolloutSettings settings, CancellationToken cancellationToken)
    {
        var problems = new List<SettingsProblem>();
        if (!Enum.IsDefined(settings.Policy))
            problems.Add(new("policy", $"must be one of {string.Join(", ", Enum.GetNames<RolloutPolicy>())}"));
        if (settings.PollsToAdvance < 1)
            problems.Add(new("pollsToAdvance", $"must be at least 1 (was {settings.PollsToAdvance})"));
        if (settings.BreachesToAbort < 1)
            problems.Add(new("breachesToAbort", $"must be at least 1 (was {settings.BreachesToAbort})"));
        foreach (var (field, value) in new[] { ("job", settings.Job), ("canaryVersion", settings.CanaryVersion), ("stableVersion", settings.StableVersion) })
        {
            if (value is not null && string.IsNullOrWhiteSpace(value))
                problems.Add(new(field, "must not be empty (leave it out to use the global value)"));
        }
        if (settings.CanaryVersion is { Length: > 0 } canary && canary == settings.StableVersion)
            problems.Add(new("stableVersion", $"must differ from canaryVersion (both '{canary}')"));
        if (settings.ThresholdProfileId is { } profileId)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (!await db.ThresholdProfiles.AnyAsync(p => p.Id == profileId, cancellationToken))
                problems.Add(new("thresholdProfileId", $"no threshold profile has id {profileId}"));
        }
        return problems;
    }

    /// <summary>Validates and saves (creating the rollout's row when it has none yet); returns the problems when refused.</summary>
    public async Task<(StoredRolloutSettings? Saved, IReadOnlyList<SettingsProblem> Problems)> SaveAsync(
        RolloutKey rollout, RolloutSettings settings, string user, CancellationToken cancellationToken)
    {
        var problems = await ValidateAsync(settings, cancellationToken);
        if (problems.Count > 0)
            return (null, problems);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await db.Rollouts.FirstOrDefaultAsync(r => r.Namespace == rollout.Namespace && r.Name == rollout.Name, cancellationToken);
        if (row is null)
        {
            row = new RolloutRow { Namespace = rollout.Namespace, Name = rollout.Name };
            db.Rollouts.Add(row);
        }
        row.Policy = settings.Policy;
        row.ThresholdProfileId = settings.ThresholdProfileId;
        row.JobLabel = settings.Job?.Trim();
        row.CanaryVersionLabel = settings.CanaryVersion?.Trim();
        row.StableVersionLabel = settings.StableVersion?.Trim();
        row.PollsToAdvance = settings.PollsToAdvance;
        row.BreachesToAbort = settings.BreachesToAbort;
        row.AllowAutoPromoteToFull = settings.AllowAutoPromoteToFull;
        row.SettingsUpdatedAt = time.GetUtcNow();
        row.SettingsUpdatedBy = user;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        changes?.Raise();
        return (ToStored(row), []);
    }

    private static StoredRolloutSettings ToStored(RolloutRow row) =>
        new(row.Key, RolloutSettings.From(row), row.SettingsUpdatedAt is null, row.SettingsUpdatedAt, row.SettingsUpdatedBy);
}
