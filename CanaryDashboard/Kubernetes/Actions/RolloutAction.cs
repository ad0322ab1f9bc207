using CanaryDashboard.Model;

namespace CanaryDashboard.Kubernetes.Actions;

/// <summary>What a person (or the engine) can ask of a rollout, as <c>kubectl argo rollouts</c> offers it.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<RolloutAction>))]
public enum RolloutAction
{
    Abort,
    Retry,
    Promote,
    PromoteFull,
    Pause,
    Resume,
    /// <summary>Move forward to the setWeight step (rung) <see cref="RolloutActionRequest.TargetStep"/> (a warning says when it skips rungs).</summary>
    Advance,
}

/// <summary>
/// One action on one rollout. <paramref name="TargetStep"/> is the rung's step index for
/// <see cref="RolloutAction.Advance"/>. <paramref name="ExpectedStepIndex"/>, when given, makes a
/// promote idempotent (a second click after the rollout has already left that step changes nothing)
/// and refuses an advance from another step than the one it was decided on.
/// <paramref name="ExpectedPodHash"/>, when given, refuses an advance or a full promotion if a new
/// revision replaced that one: never move a revision on another revision's evidence.
/// </summary>
public sealed record RolloutActionRequest(
    RolloutKey Rollout, RolloutAction Action, int? TargetStep = null, int? ExpectedStepIndex = null, string? ExpectedPodHash = null);
