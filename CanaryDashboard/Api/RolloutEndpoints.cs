using CanaryDashboard.Kubernetes;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Model;

namespace CanaryDashboard.Api;

/// <summary>
/// Rollouts and the cluster as JSON. Snapshot fields are named as <c>kubectl argo rollouts get
/// rollout</c> names them (status, message, strategy, step, setWeight, actualWeight, …); the list
/// row keeps the <c>list rollouts</c> column names. Actions go through <see cref="IRolloutActionGate"/>.
/// </summary>
public static class RolloutEndpoints
{
    public static readonly string[] Phases = ["Healthy", "Progressing", "Paused", "Degraded"];

    private static readonly Dictionary<string, RolloutAction> ActionNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["abort"] = RolloutAction.Abort,
        ["retry"] = RolloutAction.Retry,
        ["promote"] = RolloutAction.Promote,
        ["promote-full"] = RolloutAction.PromoteFull,
        ["pause"] = RolloutAction.Pause,
        ["resume"] = RolloutAction.Resume,
        ["advance"] = RolloutAction.Advance,
    };

    public static IEndpointRouteBuilder MapRolloutEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/rollouts", (IRolloutSnapshotProvider snapshots, string? @namespace, string? status) =>
        {
            if (status is not null && !Phases.Contains(status, StringComparer.OrdinalIgnoreCase))
                return Results.BadRequest(new { error = $"status must be one of {string.Join(", ", Phases)} (was '{status}')" });
            var rollouts = snapshots.GetAll()
                .Where(s => @namespace is null || s.Namespace == @namespace)
                .Where(s => status is null || string.Equals(s.Status, status, StringComparison.OrdinalIgnoreCase));
            return Results.Ok(rollouts);
        });

        app.MapGet("/api/rollouts/{namespace}/{name}", (IRolloutSnapshotProvider snapshots, string @namespace, string name) =>
            snapshots.Get(new RolloutKey(@namespace, name)) is { } snapshot
                ? Results.Ok(snapshot)
                : Results.NotFound(new { error = $"rollout {@namespace}/{name} is not in the watched cluster" + (snapshots.IsSynced ? "" : " (the first sync has not finished)") }));

        app.MapGet("/api/cluster", (IClusterStatusProvider cluster) => Results.Ok(cluster.Status));

        app.MapPost("/api/rollouts/{namespace}/{name}/actions/{action}",
            async (HttpContext context, RolloutActions actions, IRolloutActionGate gate, string @namespace, string name, string action, int? step, int? fromStep) =>
            {
                if (!ActionNames.TryGetValue(action, out var kind))
                    return Results.BadRequest(new { error = $"unknown action '{action}'; one of {string.Join(", ", ActionNames.Keys)}" });
                if (kind == RolloutAction.Advance && step is null)
                    return Results.BadRequest(new { error = "advance needs ?step=k, the step index of the rung to advance to" });
                var request = new RolloutActionRequest(new RolloutKey(@namespace, name), kind, step, fromStep);
                if (await gate.CheckAsync(context, request) is { } refusal)
                    return Results.Json(new { error = refusal }, statusCode: StatusCodes.Status403Forbidden);
                var outcome = await actions.ExecuteAsync(request, context.RequestAborted);
                return Results.Json(outcome, statusCode: outcome.Result switch
                {
                    ActionResult.Succeeded or ActionResult.NoChange => StatusCodes.Status200OK,
                    ActionResult.Refused => StatusCodes.Status422UnprocessableEntity,
                    ActionResult.Forbidden => StatusCodes.Status403Forbidden,
                    ActionResult.NotFound => StatusCodes.Status404NotFound,
                    ActionResult.Conflict => StatusCodes.Status409Conflict,
                    ActionResult.Timeout => StatusCodes.Status504GatewayTimeout,
                    _ => StatusCodes.Status502BadGateway,
                });
            });
        return app;
    }
}
