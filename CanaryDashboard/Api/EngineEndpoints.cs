using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryDashboard.Configuration;
using CanaryDashboard.Engine;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Api;

/// <summary>
/// The weight engine over HTTP, for scripts and the tuning page:
/// <c>GET /api/engine/evaluate?latencyDelta=&amp;errorDelta=</c> and <c>GET /api/engine/curve</c>.
/// Engine parameters may be given as query keys (camelCase, e.g. <c>maxWeight=50</c>); the
/// configured <c>Engine</c> section fills the rest. Any invalid input answers 400 with every problem.
/// </summary>
public static class EngineEndpoints
{
    /// <summary>A penalty can overflow to ∞ for absurd deltas; JSON has no ∞, so it is written as "Infinity" rather than failing.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static IEndpointRouteBuilder MapEngineEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/engine");
        group.MapGet("/evaluate", Evaluate);
        group.MapGet("/curve", Curve);
        return app;
    }

    private static IResult Evaluate(HttpRequest request, IOptions<CanaryDashboardOptions> options)
    {
        var query = new EngineQuery(request.Query);
        var latencyDelta = query.Required("latencyDelta");
        var errorDelta = query.Required("errorDelta");
        // A p99 cannot be negative, so a canary is at most 100 % faster; rates are fractions.
        // These also catch percentages typed where fractions are meant (errorDelta=2 for 2 pp).
        // NaN and ±Infinity pass on to the engine, which calls them insufficient data.
        if (latencyDelta is { } ld && double.IsFinite(ld) && ld < -1) query.AddProblem("latencyDelta", $"must be at least -1 (a relative delta; was {ld})");
        if (errorDelta is { } ed && double.IsFinite(ed) && ed is < -1 or > 1) query.AddProblem("errorDelta", $"must be within [-1, 1] (a fraction; was {ed})");
        var parameters = query.Parameters(options.Value.Engine);
        query.RejectUnknownKeys();
        if (!query.IsValid) return query.ProblemResult();

        var result = WeightEngine.EvaluateDeltas(latencyDelta!.Value, errorDelta!.Value, parameters);
        return Results.Json(EngineEvaluation.From(result, parameters), Json);
    }

    private static IResult Curve(HttpRequest request, IOptions<CanaryDashboardOptions> options)
    {
        var query = new EngineQuery(request.Query);
        var latency = new SampleRange(
            query.Optional("latencyFrom", -0.2), query.Optional("latencyTo", 0.5), query.OptionalInt("points", 141));
        IReadOnlyList<double> errorDeltas = query.OptionalList("errorDeltas", [0, 0.005, 0.01, 0.02]);
        var gridLatency = new SampleRange(latency.From, latency.To, query.OptionalInt("gridColumns", 71));
        var gridError = new SampleRange(
            query.Optional("gridErrorFrom", -0.01), query.Optional("gridErrorTo", 0.05), query.OptionalInt("gridRows", 61));
        var parameters = query.Parameters(options.Value.Engine);
        query.RejectUnknownKeys();

        // The response is sized by the client: bound it (10,000 curve points, 200 × 200 cells).
        if (latency.Count is < 1 or > 10_000) query.AddProblem("points", $"must be between 1 and 10000 (was {latency.Count})");
        if (gridLatency.Count is < 1 or > 200) query.AddProblem("gridColumns", $"must be between 1 and 200 (was {gridLatency.Count})");
        if (gridError.Count is < 1 or > 200) query.AddProblem("gridRows", $"must be between 1 and 200 (was {gridError.Count})");
        if (errorDeltas.Count > 20) query.AddProblem("errorDeltas", $"at most 20 series (was {errorDeltas.Count})");
        foreach (var (field, problem) in RangeProblems(latency, "latencyFrom", "latencyTo")
                     .Concat(RangeProblems(gridLatency, "latencyFrom", "latencyTo"))
                     .Concat(RangeProblems(gridError, "gridErrorFrom", "gridErrorTo")))
        {
            if (!query.Problems.TryGetValue(field, out var known) || !known.Contains(problem)) query.AddProblem(field, problem);
        }
        if (!query.IsValid) return query.ProblemResult();

        var series = CurveSampler.Curves(latency, errorDeltas, parameters);
        var grid = CurveSampler.Grid(gridLatency, gridError, parameters);
        return Results.Json(new
        {
            Parameters = parameters,
            Series = series.Select(s => new
            {
                s.ErrorDelta,
                Points = s.Points.Select(p => new { p.LatencyDelta, p.Weight, p.SafeWeight, Verdict = VerdictName(p.Verdict), p.Clamped }),
            }),
            Grid = new
            {
                grid.LatencyDeltas,
                grid.ErrorDeltas,
                // Row-major, as a heat map's z wants it: rows are error deltas, columns latency deltas.
                Weights = Enumerable.Range(0, grid.Rows).Select(r => grid.Weights.AsSpan(r * grid.Columns, grid.Columns).ToArray()),
                Breach = Enumerable.Range(0, grid.Rows).Select(r => grid.Breach.AsSpan(r * grid.Columns, grid.Columns).ToArray()),
            },
        }, Json);
    }

    private static IEnumerable<(string Field, string Problem)> RangeProblems(SampleRange range, string from, string to) =>
        // Counts are checked against the tighter response bounds above.
        range.Validate("range").Where(p => p.Field != "range.Count").Select(p => (p.Field == "range.From" ? from : to, p.Reason));

    /// <summary>The verdict as the wire spells it: <c>proceed</c>, <c>breach</c>, <c>insufficient-data</c>.</summary>
    public static string VerdictName(Verdict verdict) => verdict switch
    {
        Verdict.Proceed => "proceed",
        Verdict.Breach => "breach",
        Verdict.InsufficientData => "insufficient-data",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };
}

/// <summary>The JSON answer of <c>/api/engine/evaluate</c>: the engine's full reasoning and the parameters it used.</summary>
public sealed record EngineEvaluation(
    string Verdict,
    double? LatencyDelta,
    double? ErrorDelta,
    double? LatencyPenalty,
    double? ErrorPenalty,
    double? SafetyFactor,
    double? Weight,
    double SafeWeight,
    bool Clamped,
    string Reason,
    EngineParameters Parameters)
{
    public static EngineEvaluation From(EngineResult r, EngineParameters parameters) => new(
        EngineEndpoints.VerdictName(r.Verdict), r.LatencyDelta, r.ErrorDelta, r.LatencyPenalty, r.ErrorPenalty,
        r.SafetyFactor, r.Weight, r.SafeWeight, r.Clamped, r.Reason, parameters);
}
