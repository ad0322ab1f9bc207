using CanaryDashboard.Model;

namespace CanaryDashboard.Analyze;

public enum RolloutPresence
{
    Known,
    Unknown,
    /// <summary>The directory could not find out (its backend is down); not the caller's fault.</summary>
    CannotTell,
}

/// <summary>Whether a rollout exists, and how that was decided (for the answer's reason).</summary>
public sealed record RolloutLookup(RolloutPresence Presence, string Detail);

/// <summary>
/// Answers "does this rollout exist?" for <c>/analyze</c>. Until the cluster adapter answers it from
/// the watched Rollouts, the metrics backend does (<see cref="Prometheus.PrometheusRolloutDirectory"/>);
/// the adapter replaces the registration (a later <c>AddSingleton&lt;IRolloutDirectory&gt;</c> wins).
/// </summary>
public interface IRolloutDirectory
{
    Task<RolloutLookup> LookUpAsync(RolloutKey rollout, CancellationToken cancellationToken);
}
