using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Live;
using CanaryDashboard.Polling.Decisions;
using EngineRung = CanaryDashboard.Engine.LadderRung;

namespace CanaryDashboard.Polling;

/// <summary>What the poller reads from an adapter snapshot: whether a canary runs, where it stands, its summary.</summary>
public static class SnapshotReading
{
    public const string CanaryPauseStep = "CanaryPauseStep";

    /// <summary>A canary strategy rollout whose desired version is not (yet) the stable one.</summary>
    public static bool IsInCanary(RolloutSnapshot s) =>
        s.Strategy == "Canary" && s.CanaryPodHash is { Length: > 0 } canary && canary != s.StablePodHash;

    /// <summary>In a canary and neither aborted nor finished: metrics are read and decisions made for it.</summary>
    public static bool IsActiveCanary(RolloutSnapshot s) => IsInCanary(s) && !s.Aborted;

    /// <summary>
    /// The decision's input from the snapshot. Rungs stay in <c>setWeight</c> units with the rollout's
    /// <c>maxTrafficWeight</c>; <see cref="RolloutPosition.RungEnteredAt"/> is left to the poller's <see cref="RungClock"/>.
    /// </summary>
    public static RolloutPosition Position(RolloutSnapshot s)
    {
        var rungs = new EngineRung[s.Ladder.Count];
        for (var i = 0; i < rungs.Length; i++)
            rungs[i] = new EngineRung(s.Ladder[i].StepIndex, s.Ladder[i].Weight);
        var stepPause = s.PauseConditions.FirstOrDefault(p => p.Reason == CanaryPauseStep);
        var pausedOnStep = s.CurrentStep is { Kind: "pause" } && stepPause is not null;
        return new RolloutPosition(
            s.CanaryPodHash,
            s.CurrentStepIndex,
            rungs,
            PausedOnLadderStep: pausedOnStep,
            ManuallyPaused: s.Paused,
            Aborted: s.Aborted,
            FullyPromoted: !IsInCanary(s),
            MaxWeight: s.MaxWeight)
        {
            StepKinds = s.Steps.Select(step => step.Kind).ToArray(),
            InconclusivePause = s.PauseConditions.FirstOrDefault(p => RolloutActionPlanner.InconclusivePauseReasons.Contains(p.Reason))?.Reason,
            Canary = s.CanaryReplicas is { } scale ? new CanaryReplicas(scale.Desired, scale.Available, scale.AtDesired) : null,
            PauseStartedAt = pausedOnStep ? stepPause!.StartTime : null,
        };
    }

    /// <summary>The run the samples report: the canary revision and what the rollout shows about it.</summary>
    public static RunObservation? Run(RolloutSnapshot s) =>
        s.CanaryPodHash is { Length: > 0 } revision
            ? new RunObservation(revision, s.Aborted ? RunOutcome.Aborted : IsInCanary(s) ? RunOutcome.Running : RunOutcome.Promoted)
            : null;

    public static RolloutSummary Summary(RolloutSnapshot s) => new(
        s.Namespace, s.Name, s.Status, s.Message, s.Strategy, s.CurrentStepIndex, s.StepCount,
        s.SetWeightPercent ?? 0, s.ActualWeightPercent ?? 0,
        s.Images.Select(i => new RolloutImage(i.Image, i.Tags)).ToArray());
}
