using CanaryDashboard.Parameters;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CanaryDashboard.Analyze;
using CanaryDashboard.Configuration;
using CanaryDashboard.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Api;

/// <summary>
/// <c>GET /analyze?namespace=&amp;rollout=</c> and <c>POST /analyze</c> (<c>{"namespace","rollout"}</c>) for Argo's
/// web metric provider with the chart's example template (<c>jsonPath: "{$}"</c>, success on
/// <c>result.status == "proceed"</c>, failure on <c>result.status == "breach"</c>). Every answer is a
/// 200 and only a verdict meets a condition: insufficient data, an outage, the deadline, an unknown
/// rollout and a malformed request are Inconclusive for Argo (the rollout pauses), never Failed and
/// never Error (<see cref="AnalyzeAnswer"/> says why; docs/analyze-endpoint.md).
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
        app.MapGet("/analyze", (HttpContext http, string? @namespace, string? rollout, [AsParameters] Dependencies deps) =>
            AnswerAsync(http, @namespace, rollout, deps));

        app.MapPost("/analyze", async (HttpContext http, [AsParameters] Dependencies deps) =>
        {
            AnalyzeRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<AnalyzeRequest>(http.Request.Body, Json, http.RequestAborted);
            }
            catch (JsonException ex)
            {
                return BadRequest(deps, null, null,
                    [$"the body must be JSON {{\"namespace\": \"…\", \"rollout\": \"…\"}} ({ex.Message})"]);
            }
            return await AnswerAsync(http, body?.Namespace, body?.Rollout, deps);
        });
        return app;
    }

    /// <summary>What an answer needs, injected per request.</summary>
    internal sealed record Dependencies(
        [FromServices] CanaryAnalyzer Analyzer, [FromServices] IAnalyzeParameterSource Parameters,
        [FromServices] IOptions<CanaryDashboardOptions> Options, [FromServices] TimeProvider Time, [FromServices] ILogger<CanaryAnalyzer> Logger);

    private sealed record AnalyzeRequest(string? Namespace, string? Rollout);

    private static async Task<IResult> AnswerAsync(HttpContext http, string? @namespace, string? rollout, Dependencies deps)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(@namespace)) problems.Add("namespace: required");
        else if (!NamespaceRegex().IsMatch(@namespace)) problems.Add($"namespace: '{@namespace}' is not a Kubernetes namespace name (lower-case DNS label, at most 63 characters)");
        if (string.IsNullOrEmpty(rollout)) problems.Add("rollout: required");
        else if (rollout.Length > 253 || !NameRegex().IsMatch(rollout)) problems.Add($"rollout: '{rollout}' is not a Kubernetes object name (lower-case DNS subdomain, at most 253 characters)");
        if (problems.Count > 0)
            return BadRequest(deps, @namespace, rollout, problems);

        var options = deps.Options.Value;
        var key = new RolloutKey(@namespace!, rollout!);
        using var deadline = new CancellationTokenSource(options.Analyze.Deadline, deps.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, http.RequestAborted);
        EffectiveParameters? parameters = null;
        AnalyzeOutcome outcome;
        try
        {
            parameters = await deps.Parameters.ForAsync(key, linked.Token);
            outcome = await deps.Analyzer.AnalyzeAsync(key, parameters, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            outcome = new AnalyzeOutcome(AnalyzeStatus.Unavailable, key,
                $"no answer within the {options.Analyze.Deadline.TotalSeconds:0.###} s deadline (Analyze:Deadline): the metrics did not arrive in time",
                deps.Time.GetUtcNow(), parameters);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Our own failure is not evidence against the canary: no verdict, and the reason is in the body.
            deps.Logger.LogError(ex, "/analyze failed for {Rollout}", key);
            outcome = new AnalyzeOutcome(AnalyzeStatus.Unavailable, key, $"the dashboard failed while answering: {ex.GetType().Name}: {ex.Message}",
                deps.Time.GetUtcNow(), parameters);
        }

        if (outcome.Status == AnalyzeStatus.UnknownRollout)
            deps.Logger.LogWarning("/analyze was asked about a rollout it does not know ({Reason}); Argo's measurement is Inconclusive", outcome.Reason);
        return Results.Json(AnalyzeResponse.From(outcome, options), Json, statusCode: AnalyzeAnswer.HttpStatus);
    }

    /// <summary>
    /// A malformed request answers 200 with <c>bad-request</c>: from Argo it is a template mistake, and as an
    /// Error it would abort the rollout after five tries with only "received non 2xx response code: 400"
    /// to show for it; Inconclusive pauses the rollout with these problems in the measurement's value.
    /// </summary>
    private static IResult BadRequest(Dependencies deps, string? @namespace, string? rollout, IReadOnlyList<string> problems)
    {
        deps.Logger.LogWarning("/analyze got a malformed request: {Problems}; Argo's measurement is Inconclusive", string.Join("; ", problems));
        var outcome = new AnalyzeOutcome(AnalyzeStatus.BadRequest, new RolloutKey(@namespace ?? "", rollout ?? ""), string.Join("; ", problems),
            deps.Time.GetUtcNow());
        return Results.Json(AnalyzeResponse.From(outcome, deps.Options.Value, problems), Json, statusCode: AnalyzeAnswer.HttpStatus);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespaceRegex();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex NameRegex();
}
