using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine;

namespace CanaryDashboard.Api;

/// <summary>
/// Versioned threshold profiles: <c>GET /api/profiles</c> (latest version of each),
/// <c>GET /api/profiles/{name}</c> (every version, newest first) and <c>POST /api/profiles</c>
/// (<c>{"name": …, "parameters": {…}, "comment": …}</c>), which always adds a version.
/// </summary>
public static class ThresholdProfileEndpoints
{
    private static readonly JsonSerializerOptions Input = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IEndpointRouteBuilder MapThresholdProfileEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/profiles", async (ThresholdProfileStore store, CancellationToken cancellationToken) =>
            Results.Json(await store.GetLatestAsync(cancellationToken), HistoryEndpoints.Json));

        app.MapGet("/api/profiles/{name}", async (string name, ThresholdProfileStore store, CancellationToken cancellationToken) =>
            await store.GetVersionsAsync(name, cancellationToken) is { Count: > 0 } versions
                ? Results.Json(versions, HistoryEndpoints.Json)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown profile", detail: $"No threshold profile is named '{name}'."));

        app.MapPost("/api/profiles", async (HttpContext context, ThresholdProfileStore store, CancellationToken cancellationToken) =>
        {
            ProfileInput? input;
            try
            {
                input = await JsonSerializer.DeserializeAsync<ProfileInput>(context.Request.Body, Input, cancellationToken);
            }
            catch (JsonException ex)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"is not valid profile JSON: {ex.Message}"] });
            }
            if (input is null)
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["must be a JSON object"] });

            var user = context.User.Identity?.Name is { Length: > 0 } n ? n : "local";
            var (saved, problems) = await store.SaveAsync(input.Name ?? "", input.Parameters ?? EngineParameters.Default, user, input.Comment, cancellationToken);
            return saved is null
                ? RolloutSettingsEndpoints.Refused(problems)
                : Results.Json(saved, HistoryEndpoints.Json, statusCode: StatusCodes.Status201Created);
        });
        return app;
    }

    private sealed record ProfileInput(string? Name, EngineParameters? Parameters, string? Comment);
}
