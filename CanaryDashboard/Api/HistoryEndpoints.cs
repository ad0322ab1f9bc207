using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Queries;
using CanaryDashboard.Model;

namespace CanaryDashboard.Api;

/// <summary>
/// History as JSON, keyset-paged (<c>limit</c>, and <c>cursor</c> = the <c>nextCursor</c> of the
/// previous page): a rollout's samples over a time range, its decisions and audit log (newest
/// first), and the recorded rollout runs. Bad parameters answer 400 with every problem.
/// </summary>
public static class HistoryEndpoints
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public const int DefaultSampleLimit = 1000;
    public const int DefaultListLimit = 100;
    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(1);

    public static IEndpointRouteBuilder MapHistoryEndpoints(this IEndpointRouteBuilder app)
    {
        var rollout = app.MapGroup("/api/rollouts/{namespace}/{name}");
        rollout.MapGet("/samples", GetSamples);
        rollout.MapGet("/decisions", GetDecisions);
        rollout.MapGet("/audit", GetAudit);
        app.MapGet("/api/runs", GetRuns);
        app.MapRolloutSettingsEndpoints();
        app.MapThresholdProfileEndpoints();
        return app;
    }

    private static async Task<IResult> GetSamples(string @namespace, string name, HttpRequest request, HistoryQueries queries,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(request.Query);
        var to = query.Time("to") ?? time.GetUtcNow();
        var from = query.Time("from") ?? to - DefaultRange;
        var limit = query.Limit(DefaultSampleLimit, HistoryQueries.MaxLimit);
        var cursor = query.Cursor();
        if (!query.Problems.ContainsKey("from") && !query.Problems.ContainsKey("to") && from >= to)
            query.Problem("from", $"must be before to ({from:O} ≥ {to:O})");
        if (query.HasProblems)
            return Results.ValidationProblem(query.Problems);

        var page = await queries.GetSamplesAsync(new RolloutKey(@namespace, name), from, to, limit, cursor, cancellationToken);
        return page is null ? UnknownRollout(@namespace, name) : Results.Json(page, Json);
    }

    private static async Task<IResult> GetDecisions(string @namespace, string name, HttpRequest request, HistoryQueries queries,
        CancellationToken cancellationToken)
    {
        var query = new QueryParameters(request.Query);
        var limit = query.Limit(DefaultListLimit, HistoryQueries.MaxLimit);
        var cursor = query.Cursor();
        if (query.HasProblems)
            return Results.ValidationProblem(query.Problems);
        var page = await queries.GetDecisionsAsync(new RolloutKey(@namespace, name), limit, cursor, cancellationToken);
        return page is null ? UnknownRollout(@namespace, name) : Results.Json(page, Json);
    }

    private static async Task<IResult> GetAudit(string @namespace, string name, HttpRequest request, HistoryQueries queries,
        CancellationToken cancellationToken)
    {
        var query = new QueryParameters(request.Query);
        var limit = query.Limit(DefaultListLimit, HistoryQueries.MaxLimit);
        var cursor = query.Cursor();
        if (query.HasProblems)
            return Results.ValidationProblem(query.Problems);
        var page = await queries.GetAuditAsync(new RolloutKey(@namespace, name), limit, cursor, cancellationToken);
        return page is null ? UnknownRollout(@namespace, name) : Results.Json(page, Json);
    }

    private static async Task<IResult> GetRuns(HttpRequest request, HistoryQueries queries, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(request.Query);
        var limit = query.Limit(DefaultListLimit, HistoryQueries.MaxLimit);
        var cursor = query.Cursor();
        var outcome = query.Enum<RunOutcome>("outcome");
        var ns = query.Text("namespace");
        if (query.HasProblems)
            return Results.ValidationProblem(query.Problems);
        return Results.Json(await queries.GetRunsAsync(ns, outcome, limit, cursor, cancellationToken), Json);
    }

    internal static IResult UnknownRollout(string @namespace, string name) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown rollout",
            detail: $"No history is recorded for rollout {@namespace}/{name}.");
}
