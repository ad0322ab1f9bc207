using CanaryDashboard.Model;

namespace CanaryDashboard.Data.Entities;

/// <summary>One Argo Rollout the dashboard has seen or has settings for, with its per-rollout settings.</summary>
public sealed class RolloutRow
{
    public int Id { get; set; }
    public required string Namespace { get; set; }
    public required string Name { get; set; }

    /// <summary>First and last sample written for it; null while only settings exist.</summary>
    public DateTimeOffset? FirstSeenAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }

    public RolloutPolicy Policy { get; set; } = RolloutPolicy.Observe;
    public long? ThresholdProfileId { get; set; }
    public ThresholdProfileRow? ThresholdProfile { get; set; }

    /// <summary>Label value overrides (null: the global Prometheus settings).</summary>
    public string? JobLabel { get; set; }
    public string? CanaryVersionLabel { get; set; }
    public string? StableVersionLabel { get; set; }

    /// <summary>N: polls in a row the safe weight must allow a higher rung before Auto advances.</summary>
    public int PollsToAdvance { get; set; } = RolloutSettingsDefaults.PollsToAdvance;
    /// <summary>M: breaching polls in a row before Auto aborts.</summary>
    public int BreachesToAbort { get; set; } = RolloutSettingsDefaults.BreachesToAbort;
    /// <summary>Whether Auto may promote to 100 % by itself.</summary>
    public bool AllowAutoPromoteToFull { get; set; }

    public DateTimeOffset? SettingsUpdatedAt { get; set; }
    public string? SettingsUpdatedBy { get; set; }

    public RolloutKey Key => new(Namespace, Name);
}

public static class RolloutSettingsDefaults
{
    public const int PollsToAdvance = 3;
    public const int BreachesToAbort = 2;
}
