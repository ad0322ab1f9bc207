using CanaryDashboard.Engine;
using CanaryDashboard.Model;

namespace CanaryDashboard.Tuning;

/// <summary>One saved version of a named set of engine parameters.</summary>
public sealed record SavedProfile(long Id, string Name, int Version, EngineParameters Parameters, string CreatedBy, DateTimeOffset CreatedAt, string? Comment)
{
    public string Title => $"{Name} v{Version}";
}

/// <summary>
/// Named, versioned threshold profiles as the studio uses them: saving always adds a version,
/// nothing is overwritten.
/// </summary>
public interface IThresholdProfileCatalog
{
    /// <summary>Where profiles are kept, in words (the page says when they do not survive a restart).</summary>
    string Persistence { get; }

    /// <summary>Saves a new version; returns the problems instead when the name or the parameters are refused.</summary>
    Task<(SavedProfile? Saved, IReadOnlyList<ParameterProblem> Problems)> SaveAsync(
        string name, EngineParameters parameters, string createdBy, string? comment, CancellationToken cancellationToken);

    /// <summary>The latest version of every profile, by name.</summary>
    Task<IReadOnlyList<SavedProfile>> GetLatestAsync(CancellationToken cancellationToken);

    /// <summary>Every version of one profile, newest first.</summary>
    Task<IReadOnlyList<SavedProfile>> GetVersionsAsync(string name, CancellationToken cancellationToken);
}

/// <summary>
/// Assigning a profile to a rollout (a rollout setting: admins only, checked by the caller with
/// <c>DashboardPermission.EditSettings</c>). The seam for the per-rollout settings storage: until it
/// is wired, <see cref="UnavailableProfileAssignment"/> says so and saves nothing.
/// </summary>
public interface IProfileAssignment
{
    /// <summary>Assigns and returns what happened, in words.</summary>
    Task<(bool Saved, string Message)> AssignAsync(RolloutKey rollout, SavedProfile profile, string user, CancellationToken cancellationToken);
}

