using CanaryDashboard.Engine;

namespace CanaryDashboard.Tuning;

/// <summary>
/// Profiles kept in memory: the studio's catalog until the run storage (SQLite profiles table) is
/// wired in its place. Thread-safe; versions count from 1 per name.
/// </summary>
public sealed class InMemoryThresholdProfileCatalog(TimeProvider time) : IThresholdProfileCatalog
{
    public const int MaxNameLength = 100;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<SavedProfile>> _profiles = new(StringComparer.Ordinal);

    public string Persistence => "kept in memory: saved profiles are lost when the dashboard restarts";

    public Task<(SavedProfile? Saved, IReadOnlyList<ParameterProblem> Problems)> SaveAsync(
        string name, EngineParameters parameters, string createdBy, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var problems = new List<ParameterProblem>();
        if (string.IsNullOrWhiteSpace(name)) problems.Add(new("Name", "must not be empty"));
        else if (name.Trim().Length > MaxNameLength) problems.Add(new("Name", $"must be at most {MaxNameLength} characters"));
        problems.AddRange(parameters.Validate());
        if (problems.Count > 0)
            return Task.FromResult<(SavedProfile?, IReadOnlyList<ParameterProblem>)>((null, problems));

        name = name.Trim();
        lock (_gate)
        {
            if (!_profiles.TryGetValue(name, out var versions))
                _profiles[name] = versions = [];
            var saved = new SavedProfile(name, versions.Count + 1, parameters, createdBy, time.GetUtcNow(), string.IsNullOrWhiteSpace(comment) ? null : comment.Trim());
            versions.Add(saved);
            return Task.FromResult<(SavedProfile?, IReadOnlyList<ParameterProblem>)>((saved, []));
        }
    }

    public Task<IReadOnlyList<SavedProfile>> GetLatestAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<SavedProfile>>(_profiles.Values.Select(v => v[^1]).OrderBy(p => p.Name, StringComparer.Ordinal).ToList());
    }

    public Task<IReadOnlyList<SavedProfile>> GetVersionsAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<SavedProfile>>(_profiles.TryGetValue(name, out var v) ? v.AsEnumerable().Reverse().ToList() : []);
    }
}
