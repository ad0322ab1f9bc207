using CanaryDashboard.Model;
using CanaryDashboard.Security.Roles;

namespace CanaryDashboard.Security.Actions;

/// <summary>The actions a person can take on a rollout (the route names are kubectl's: promote-full).</summary>
public enum RolloutCommand
{
    Abort,
    Retry,
    Promote,
    PromoteFull,
    Pause,
    Resume,
    /// <summary>Move forward to the setWeight step <see cref="RolloutCommandRequest.TargetStep"/> (warned when it skips rungs).</summary>
    Advance,
}

/// <param name="TargetStep">For <see cref="RolloutCommand.Advance"/>: the rung's step index.</param>
/// <param name="ExpectedStepIndex">When given, a promote from a step the rollout has already left changes nothing, and an advance from it is refused.</param>
/// <param name="ExpectedPodHash">When given, an advance or promote-full is refused if a new revision replaced this one.</param>
public sealed record RolloutCommandRequest(
    RolloutKey Rollout, RolloutCommand Command, int? TargetStep = null, int? ExpectedStepIndex = null, string? ExpectedPodHash = null);

public static class RolloutCommands
{
    private static readonly Dictionary<string, RolloutCommand> ByRouteName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["abort"] = RolloutCommand.Abort,
        ["retry"] = RolloutCommand.Retry,
        ["promote"] = RolloutCommand.Promote,
        ["promote-full"] = RolloutCommand.PromoteFull,
        ["pause"] = RolloutCommand.Pause,
        ["resume"] = RolloutCommand.Resume,
        ["advance"] = RolloutCommand.Advance,
    };

    public static IReadOnlyCollection<string> RouteNames => ByRouteName.Keys;

    public static bool TryParseRouteName(string? value, out RolloutCommand command) => ByRouteName.TryGetValue(value ?? "", out command);

    /// <summary>abort, retry, promote, promote-full, pause, resume, advance: the route's and the audit log's name.</summary>
    public static string RouteName(this RolloutCommand command) => ByRouteName.First(p => p.Value == command).Key;

    /// <summary>The permission each action needs; with <see cref="Permissions.MinimumRole"/> this is the action → role map.</summary>
    public static DashboardPermission Permission(this RolloutCommand command) => command switch
    {
        RolloutCommand.Abort => DashboardPermission.Abort,
        RolloutCommand.Retry => DashboardPermission.Retry,
        RolloutCommand.Pause => DashboardPermission.Pause,
        RolloutCommand.Resume => DashboardPermission.Resume,
        RolloutCommand.Promote => DashboardPermission.Promote,
        RolloutCommand.PromoteFull => DashboardPermission.PromoteFull,
        RolloutCommand.Advance => DashboardPermission.Advance,
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };
}
