using CanaryDashboard.Model;

namespace CanaryDashboard.Live;

/// <summary>
/// What the dashboard knows about one rollout right now, as the poller last published it.
/// Immutable: the store swaps whole states, so a page that holds one reads a consistent picture.
/// </summary>
/// <param name="Key">The rollout.</param>
/// <param name="Summary">The rollout's status as Argo derives it; <c>null</c> until the cluster adapter has seen it.</param>
/// <param name="Latest">The latest sample; <c>null</c> when the rollout is not in a canary or no poll has read it yet.</param>
/// <param name="LastDecision">The latest decision of the control loop; <c>null</c> before the first one.</param>
/// <param name="Snapshot">
/// The cluster adapter's full snapshot (its <c>RolloutSnapshot</c>), kept untyped so this store does
/// not depend on the adapter; pages that need more than <see cref="Summary"/> cast it.
/// </param>
public sealed record LiveRolloutState(
    RolloutKey Key,
    RolloutSummary? Summary,
    LiveSample? Latest,
    DecisionSummary? LastDecision = null,
    object? Snapshot = null)
{
    /// <summary>The latest sample's time, or <c>null</c> when there is none (for "age of the last sample").</summary>
    public DateTimeOffset? LatestAt => Latest?.At;
}
