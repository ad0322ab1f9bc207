using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CanaryDashboard.Analyze;
using CanaryDashboard.Configuration;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Api;

/// <summary>
/// <c>GET /analyze?namespace=&amp;rollout=</c> and <c>POST /analyze</c> (<c>{"namespace","rollout"}</c>) for Argo's
/// web metric provider (the chart's example template: <c>jsonPath: "{$}"</c>, success on
/// <c>result.status == "proceed"</c>, failure on <c>result.status == "breach"</c>, so insufficient data is
/// Inconclusive). DESIGN §5: the provider treats non-2xx and timeouts as Errors (retried, the 5th in a
/// row fails the run), so a breach is 200 (fails at once) and only an inability to answer is 503.
/// </summary>
public static partial class AnalyzeEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static IEndpointRouteBuilder MapAnalyzeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/analyze", (HttpContext http, string? @namespace, string? rollout, CanaryAnalyzer analyzer,
                IOptions<CanaryDashboardOptions> options, TimeProvider time) =>
            AnswerAsync(http, @namespace, rollout, analyzer, options.Value, time));

        app.MapPost("/analyze", async (HttpContext http, CanaryAnalyzer analyzer, IOptions<CanaryDashboardOptions> options, TimeProvider time) =>
        {
            AnalyzeRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<AnalyzeRequest>(http.Request.Body, Json, http.RequestAborted);
            }
            catch (JsonException ex)
            {
                return BadRequest(time, null, null, $"the body must be JSON {{\"namespace\": \"…\", \"rollout\": \"…\"}} ({ex.Message})");
            }
            return await AnswerAsync(http, body?.Namespace, body?.Rollout, analyzer, options.Value, time);
        });
        return app;
    }

    private sealed record AnalyzeRequest(string? Namespace, string? Rollout);

    private static async Task<IResult> AnswerAsync(
        HttpContext http, string? @namespace, string? rollout, CanaryAnalyzer analyzer, CanaryDashboardOptions options, TimeProvider time)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(@namespace)) problems.Add("namespace: required");
        else if (!NamespaceRegex().IsMatch(@namespace)) problems.Add($"namespace: '{@namespace}' is not a Kubernetes namespace name (lower-case DNS label, at most 63 characters)");
        if (string.IsNullOrEmpty(rollout)) problems.Add("rollout: required");
        else if (rollout.Length > 253 || !NameRegex().IsMatch(rollout)) problems.Add($"rollout: '{rollout}' is not a Kubernetes object name (lower-case DNS subdomain, at most 253 characters)");
        if (problems.Count > 0)
            return BadRequest(time, @namespace, rollout, string.Join("; ", problems), problems);

        var key = new RolloutKey(@namespace!, rollout!);
        using var deadline = new CancellationTokenSource(options.Analyze.Deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, http.RequestAborted);
        AnalyzeOutcome outcome;
        try
        {
            outcome = await analyzer.AnalyzeAsync(key, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            outcome = new AnalyzeOutcome(AnalyzeStatus.Unavailable, key,
                $"no answer within the {options.Analyze.Deadline.TotalSeconds:0.###} s deadline (Analyze:Deadline)", time.GetUtcNow());
        }

        var statusCode = outcome.Status switch
        {
            AnalyzeStatus.UnknownRollout => StatusCodes.Status400BadRequest,
            AnalyzeStatus.Unavailable => StatusCodes.Status503ServiceUnavailable,
            AnalyzeStatus.InsufficientData => options.Analyze.InsufficientDataStatusCode,
            _ => StatusCodes.Status200OK,
        };
        return Results.Json(Describe(outcome, options), Json, statusCode: statusCode);
    }

    private static IResult BadRequest(TimeProvider time, string? @namespace, string? rollout, string reason, IReadOnlyList<string>? problems = null) =>
        Results.Json(new
        {
            weight = 0.0,
            status = "bad-request",
            reason,
            problems = problems ?? [reason],
            rollout = new { @namespace, name = rollout },
            timestamp = time.GetUtcNow(),
        }, Json, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>The answer body: <c>weight</c> (what Argo reads), <c>status</c> and the engine's whole reasoning.</summary>
    internal static AnalyzeResponse Describe(AnalyzeOutcome outcome, CanaryDashboardOptions options)
    {
        var result = outcome.Result;
        return new AnalyzeResponse(
            Weight: outcome.Status == AnalyzeStatus.Proceed && result?.Weight is { } w ? w : 0,
            Status: outcome.Status switch
            {
                AnalyzeStatus.Proceed => "proceed",
                AnalyzeStatus.Breach => "breach",
                AnalyzeStatus.InsufficientData => "insufficient-data",
                AnalyzeStatus.UnknownRollout => "unknown-rollout",
                _ => "unavailable",
            },
            LatencyDelta: result?.LatencyDelta,
            ErrorDelta: result?.ErrorDelta,
            Reason: outcome.Reason,
            EngineWeight: result?.Weight,
            LatencyPenalty: result?.LatencyPenalty,
            ErrorPenalty: result?.ErrorPenalty,
            SafetyFactor: result?.SafetyFactor,
            Clamped: result?.Clamped ?? false,
            Canary: outcome.Reading?.Canary,
            Stable: outcome.Reading?.Stable,
            Problems: outcome.Reading?.Problems ?? [],
            Warnings: outcome.Warnings ?? [],
            Rollout: new AnalyzedRollout(outcome.Rollout.Namespace, outcome.Rollout.Name, outcome.Target?.Job,
                outcome.Target?.CanaryVersion, outcome.Target?.StableVersion),
            RateWindow: options.Prometheus.RateWindow,
            Parameters: options.Engine,
            Timestamp: outcome.At);
    }

    internal sealed record AnalyzeResponse(
        double Weight, string Status, double? LatencyDelta, double? ErrorDelta, string Reason,
        double? EngineWeight, double? LatencyPenalty, double? ErrorPenalty, double? SafetyFactor, bool Clamped,
        VersionMetrics? Canary, VersionMetrics? Stable, IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings,
        AnalyzedRollout Rollout, string RateWindow, Engine.EngineParameters Parameters, DateTimeOffset Timestamp);

    internal sealed record AnalyzedRollout(string Namespace, string Name, string? Job, string? CanaryVersion, string? StableVersion);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespaceRegex();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex NameRegex();
}
