using CanaryDashboard.Model;
using CanaryDashboard.Security.Actions;

namespace CanaryDashboard.Security;

/// <summary>
/// <c>POST /api/rollouts/{namespace}/{name}/actions/{action}</c> (abort, retry, promote,
/// promote-full, pause, resume, advance with <c>?step=k</c>; <c>&amp;fromStep=i</c> makes a promote
/// idempotent and refuses an advance from another step; <c>&amp;podHash=h</c> refuses an advance or a
/// promote-full once a new revision replaced <c>h</c>), through <see cref="IRolloutActionService"/>: 401
/// not signed in, 403 JSON naming the required role, else the cluster's outcome with its status (an
/// advance refused on the fresh read is a 422 with the reason; one that skips rungs carries a <c>warning</c>).
/// </summary>
public static class RolloutActionEndpoints
{
    public static IEndpointRouteBuilder MapRolloutActionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/rollouts/{namespace}/{name}/actions/{action}",
            async (HttpContext http, IRolloutActionService actions, string @namespace, string name, string action, int? step, int? fromStep, string? podHash) =>
            {
                if (!RolloutCommands.TryParseRouteName(action, out var command))
                    return Results.BadRequest(new { error = $"unknown action '{action}'; one of {string.Join(", ", RolloutCommands.RouteNames)}" });
                if (command == RolloutCommand.Advance && step is null)
                    return Results.BadRequest(new { error = "advance needs ?step=k, the step index of the rung to advance to" });
                var user = CurrentUser.From(http.User);
                var result = await actions.ExecuteAsync(user, new RolloutCommandRequest(new RolloutKey(@namespace, name), command, step, fromStep,
                    string.IsNullOrEmpty(podHash) ? null : podHash), http.RequestAborted);
                return result.Authorization switch
                {
                    AuthorizationOutcome.NotSignedIn => Results.Json(new { error = result.Message }, statusCode: StatusCodes.Status401Unauthorized),
                    AuthorizationOutcome.Forbidden => Results.Json(ApiAuthorizationResultHandler.ForbiddenBody(user, result.Permission), statusCode: StatusCodes.Status403Forbidden),
                    AuthorizationOutcome.Unavailable => Results.Json(new { error = result.Message }, statusCode: StatusCodes.Status503ServiceUnavailable),
                    _ => Results.Json((object?)result.Outcome!.Detail ?? result.Outcome, statusCode: result.Outcome!.HttpStatus),
                };
            })
            .WithMetadata(new RoleCheckedByActionService())
            .AddEndpointFilter<SameOriginFilter>();
        return app;
    }
}
