namespace CanaryDashboard.Kubernetes.Actions;

/// <summary>One merge patch to send: on the rollout itself or on its <c>status</c> subresource.</summary>
public sealed record PlannedPatch(bool OnStatus, string Body)
{
    public const string ContentType = "application/merge-patch+json";
    public string Resource => OnStatus ? "rollouts/status" : "rollouts";
}

/// <summary>
/// The patches an action needs given the rollout as read, or why none is sent; <see cref="Warning"/>
/// says what a person should know before sending it (an advance that skips rungs).
/// </summary>
public sealed record ActionPlan(IReadOnlyList<PlannedPatch> Patches, ActionResult? Verdict = null, string? Reason = null, string? Warning = null)
{
    public static ActionPlan Send(params PlannedPatch[] patches) => new(patches);
    public static ActionPlan NoChange(string reason) => new([], ActionResult.NoChange, reason);
    public static ActionPlan Refuse(string reason) => new([], ActionResult.Refused, reason);
}
