using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine;
using CanaryDashboard.Model;

namespace CanaryDashboard.Tuning;

/// <summary>The studio's profiles in the SQLite profiles table (<see cref="ThresholdProfileStore"/>: every save a new version).</summary>
public sealed class StoredThresholdProfileCatalog(ThresholdProfileStore store) : IThresholdProfileCatalog
{
    public string Persistence => "stored in the dashboard's database";

    public async Task<(SavedProfile? Saved, IReadOnlyList<ParameterProblem> Problems)> SaveAsync(
        string name, EngineParameters parameters, string createdBy, string? comment, CancellationToken cancellationToken)
    {
        var (saved, problems) = await store.SaveAsync(name, parameters, createdBy, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), cancellationToken);
        // The store names engine fields "parameters.X"; the studio shows them next to field X.
        return (saved is null ? null : From(saved),
            problems.Select(p => new ParameterProblem(p.Field.StartsWith("parameters.", StringComparison.Ordinal) ? p.Field["parameters.".Length..] : "Name", p.Reason)).ToList());
    }

    public async Task<IReadOnlyList<SavedProfile>> GetLatestAsync(CancellationToken cancellationToken) =>
        (await store.GetLatestAsync(cancellationToken)).Select(From).ToList();

    public async Task<IReadOnlyList<SavedProfile>> GetVersionsAsync(string name, CancellationToken cancellationToken) =>
        (await store.GetVersionsAsync(name, cancellationToken)).Select(From).ToList();

    private static SavedProfile From(ThresholdProfile p) => new(p.Id, p.Name, p.Version, p.Parameters, p.CreatedBy, p.CreatedAt, p.Comment);
}

/// <summary>Assigns a profile version to a rollout in its stored settings (the poller reads them each cycle).</summary>
public sealed class SettingsProfileAssignment(RolloutSettingsStore settings) : IProfileAssignment
{
    public async Task<(bool Saved, string Message)> AssignAsync(RolloutKey rollout, SavedProfile profile, string user, CancellationToken cancellationToken)
    {
        var current = await settings.GetAsync(rollout, cancellationToken);
        var (saved, problems) = await settings.SaveAsync(rollout, current.Settings with { ThresholdProfileId = profile.Id }, user, cancellationToken);
        return saved is null
            ? (false, $"Not assigned: {string.Join("; ", problems.Select(p => $"{p.Field}: {p.Reason}"))}")
            : (true, $"{profile.Title} is now the threshold profile of {rollout}.");
    }
}
