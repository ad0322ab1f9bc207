using CanaryDashboard.Engine;
using CanaryDashboard.Model;

namespace CanaryDashboard.Tuning;

/// <summary>One saved version of a named set of engine parameters.</summary>
public sealed record SavedProfile(string Name, int Version, EngineParameters Parameters, string CreatedBy, DateTimeOffset CreatedAt, string? Comment)
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
/// Who may assign a profile to a rollout (admins only) and the assignment itself. The seam for the
/// roles and the per-rollout settings: until both are wired, <see cref="UnavailableProfileAssignment"/>
/// refuses with the reason.
/// </summary>
public interface IProfileAssignment
{
    /// <summary>Why the current user may not assign profiles; null when they may.</summary>
    Task<string?> RefusalAsync(CancellationToken cancellationToken);

    Task AssignAsync(RolloutKey rollout, SavedProfile profile, CancellationToken cancellationToken);
}

/// <summary>Refuses every assignment: there are no roles to prove the user is an admin yet.</summary>
public sealed class UnavailableProfileAssignment : IProfileAssignment
{
    public const string Reason = "Assigning a profile to a rollout is for admins, and sign-in with roles is not set up on this dashboard yet.";

    public Task<string?> RefusalAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(Reason);

    public Task AssignAsync(RolloutKey rollout, SavedProfile profile, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Reason);
}
