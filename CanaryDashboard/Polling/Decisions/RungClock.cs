namespace CanaryDashboard.Polling.Decisions;

/// <summary>
/// What the poller has seen of the rung a rollout is on: the revision and step it belongs to, when
/// it first saw them, and whether the canary lost its desired replicas meanwhile.
/// </summary>
/// <param name="Revision">The canary's pod template hash.</param>
/// <param name="StepIndex"><c>status.currentStepIndex</c>.</param>
/// <param name="FirstSeenAt">The first poll that saw this revision on this step.</param>
/// <param name="ShortSince">Set while the canary ReplicaSet is below its desired available replicas.</param>
/// <param name="BackAt">The first poll that saw the canary at its desired replicas again after being short.</param>
public sealed record RungObservation(string? Revision, int? StepIndex, DateTimeOffset FirstSeenAt, DateTimeOffset? ShortSince, DateTimeOffset? BackAt);

/// <summary>
/// The time a rung has served its weight, so that an advance is judged on requests served at the
/// current weight and not on the previous rung's traffic read several times.
/// <para>
/// The rung starts when Argo paused on the step after its setWeight: the <c>CanaryPauseStep</c>
/// condition's <c>startTime</c>. Argo only completes a setWeight step once
/// <c>AtDesiredReplicaCountsForCanary</c> holds (rollout/canary.go <c>completedCurrentCanaryStep</c>),
/// and until then routes the previous setWeight (rollout/trafficrouting.go), so the pause start is when
/// the new weight really began. Without a pause start the poller's first sight of the step stands in
/// (a restart can only make the rung look younger: it delays an advance, never causes one). If the
/// canary later falls short of its desired replicas (a pod lost), Argo routes the previous weight
/// again until it recovers: the rung's time restarts when the poller sees it back at its desired count.
/// </para>
/// </summary>
public static class RungClock
{
    /// <summary>The observation after this poll (a new revision or step starts a new one).</summary>
    public static RungObservation Observe(RungObservation? previous, RolloutPosition position, DateTimeOffset now)
    {
        var same = previous is not null && previous.Revision == position.Revision && previous.StepIndex == position.CurrentStepIndex;
        var observation = same ? previous! : new RungObservation(position.Revision, position.CurrentStepIndex, now, null, null);
        if (position.Canary is { AtDesired: false })
            return observation.ShortSince is null ? observation with { ShortSince = now, BackAt = null } : observation;
        if (observation.ShortSince is not null)
            return observation with { ShortSince = null, BackAt = now };
        return observation;
    }

    /// <summary>When the rung began serving its weight at its desired replicas; null while the canary is short.</summary>
    public static DateTimeOffset? EnteredAt(RungObservation observation, RolloutPosition position)
    {
        if (observation.ShortSince is not null)
            return null;
        var entered = position.PauseStartedAt ?? observation.FirstSeenAt;
        return observation.BackAt is { } back && back > entered ? back : entered;
    }

    /// <summary>
    /// Where the evidence window starts: the rung's entry, or while it is not known (the canary still
    /// short of its replicas), the first sight of the step, so a canary that breaches while it scales
    /// is still caught. A fixed instant per step: the counts since it only grow.
    /// </summary>
    public static DateTimeOffset EvidenceWindowStart(RungObservation observation, RolloutPosition position) =>
        EnteredAt(observation, position) ?? observation.FirstSeenAt;
}
