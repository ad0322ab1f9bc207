using CanaryDashboard.Data.Entities;
using CanaryDashboard.Model;

namespace CanaryDashboard.Data.Settings;

/// <summary>
/// How the control loop treats one rollout. Label values left null use the global Prometheus
/// settings; a null profile uses the configured engine parameters.
/// </summary>
public sealed record RolloutSettings(
    RolloutPolicy Policy,
    long? ThresholdProfileId,
    string? Job,
    string? CanaryVersion,
    string? StableVersion,
    int PollsToAdvance,
    int BreachesToAbort,
    bool AllowAutoPromoteToFull)
{
    public static RolloutSettings Default { get; } = new(RolloutPolicy.Observe, null, null, null, null,
        RolloutSettingsDefaults.PollsToAdvance, RolloutSettingsDefaults.BreachesToAbort, false);

    internal static RolloutSettings From(RolloutRow r) => new(r.Policy, r.ThresholdProfileId, r.JobLabel, r.CanaryVersionLabel,
        r.StableVersionLabel, r.PollsToAdvance, r.BreachesToAbort, r.AllowAutoPromoteToFull);
}

/// <summary>A rollout's stored settings (or the defaults when none are stored) and who changed them last.</summary>
public sealed record StoredRolloutSettings(RolloutKey Rollout, RolloutSettings Settings, bool IsDefault, DateTimeOffset? UpdatedAt, string? UpdatedBy);

/// <summary>One reason a settings or profile change was refused: the field and why.</summary>
public sealed record SettingsProblem(string Field, string Reason);
