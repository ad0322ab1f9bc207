using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CanaryDashboard.Engine;
using CanaryDashboard.Simulation.Analysis;
using CanaryDashboard.Tests.AnalyzeContract;
using CanaryDashboard.Tests.PrometheusTesting;

namespace CanaryDashboard.Tests.RealPrometheus;

/// <summary>
/// <c>/analyze</c> of the real app against the real Prometheus, as Argo's web provider calls it with
/// the shipped template (<c>jsonPath {$}</c>, success on <c>proceed</c>, failure on <c>breach</c>).
/// </summary>
[Collection(RealPrometheusCollection.Name)]
public sealed class AnalyzeEndpointTests(PrometheusWorkloadFixture fixture) : IAsyncLifetime
{
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        await fixture.WaitForFullWindowAsync();
        _http = fixture.Dashboard.CreateClient();
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string query, HttpClient? http = null)
    {
        using var response = await (http ?? _http).GetAsync("/analyze?" + query);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static double? Number(JsonElement body, string name) =>
        body.GetProperty(name).ValueKind == JsonValueKind.Null ? null : body.GetProperty(name).GetDouble();

    [Fact]
    public async Task A_mild_regression_holds_until_the_evidence_shows_it_within_the_thresholds()
    {
        // +13 % p99 and +1 pp errors: within both thresholds, but ~2,000 canary requests (the 20 s window Prometheus
        // holds when /analyze is first asked) cannot yet show +1 pp below 2 pp. No verdict: Inconclusive for Argo.
        var (status, body) = await GetAsync("namespace=shop&rollout=checkout");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True("insufficient-data" == body.GetProperty("status").GetString(), body.ToString());
        Assert.Equal(0, body.GetProperty("weight").GetDouble());
        var evidence = body.GetProperty("evidence");
        Assert.Equal("insufficient", evidence.GetProperty("verdict").GetString());
        Assert.Matches(@"p99 \+13 % \[\+1\d %, \+1\d %\] at 95 %, [\d,]+ requests: within the 20 % threshold", evidence.GetProperty("reason").GetString());
        Assert.Contains("not yet clear of the 2 pp threshold", evidence.GetProperty("errors").GetProperty("reason").GetString());
        // The interval holds the injected delta, and the counts are the window's (100 req/s for about 20 s).
        var latency = evidence.GetProperty("latency");
        Assert.InRange(Scenarios.LatencyDelta(Scenarios.Mild), latency.GetProperty("lower").GetDouble(), latency.GetProperty("upper").GetDouble());
        Assert.InRange(evidence.GetProperty("canaryRequests").GetDouble(), 1_500, 3_500);
        // The engine's reading of the rate window is still reported in full.
        var latencyDelta = Number(body, "latencyDelta")!.Value;
        var errorDelta = Number(body, "errorDelta")!.Value;
        Assert.InRange(latencyDelta, Scenarios.LatencyDelta(Scenarios.Mild) - 0.01, Scenarios.LatencyDelta(Scenarios.Mild) + 0.01);
        Assert.InRange(errorDelta, 0.01 - 0.003, 0.01 + 0.003);
        // ...and the weight it would give, for the deltas the answer reports (24.9 by hand: 5 + 95 × e^−1.342 × 0.8)
        var engine = WeightEngine.EvaluateDeltas(latencyDelta, errorDelta, EngineParameters.Default);
        Assert.Equal(engine.Weight, body.GetProperty("engineWeight").GetDouble());
        Assert.InRange(body.GetProperty("engineWeight").GetDouble(), 22.0, 28.0);
        Assert.Equal("checkout", body.GetProperty("rollout").GetProperty("job").GetString());
        Assert.Equal(0.169, body.GetProperty("canary").GetProperty("p99Seconds").GetDouble(), 0.0015);
        Assert.Equal(0.149, body.GetProperty("stable").GetProperty("p99Seconds").GetDouble(), 0.0015);
        Assert.Equal(PrometheusWorkloadFixture.RateWindow, body.GetProperty("rateWindow").GetString());
        Assert.Equal(20, body.GetProperty("parameters").GetProperty("errorSlope").GetDouble());
        Assert.True(body.TryGetProperty("safetyFactor", out _) && body.TryGetProperty("timestamp", out _));
    }

    [Fact]
    public async Task Post_with_the_same_fields_answers_like_get()
    {
        using var response = await _http.PostAsync("/analyze",
            new StringContent("""{"namespace":"shop","rollout":"catalog"}""", Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("proceed", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("weight").GetDouble() > 0);
    }

    [Theory]
    [InlineData("payments", @"p99 \+(?<delta>[\d.]+) %", 40.0, 4.0)]
    [InlineData("orders", @"errors \+(?<delta>[\d.]+) pp", 5.0, 1.0)]
    public async Task A_large_regression_is_a_breach_with_weight_zero_and_status_200(
        string rollout, string cause, double injected, double tolerance)
    {
        var (status, body) = await GetAsync($"namespace=shop&rollout={rollout}");

        Assert.Equal(HttpStatusCode.OK, status); // 200, so the template's failureCondition fails the run at once
        Assert.Equal("breach", body.GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("weight").GetDouble());
        // The reason quotes the measured delta, which is the injected one within the workload's sampling noise
        // (a 5 pp error share over ~2,000 requests reads anywhere from about 4.5 to 5.5).
        var reason = body.GetProperty("reason").GetString()!;
        var quoted = System.Text.RegularExpressions.Regex.Match(reason, "^breach: " + cause);
        Assert.True(quoted.Success, $"reason '{reason}' does not start with the breached delta");
        Assert.InRange(double.Parse(quoted.Groups["delta"].Value, System.Globalization.CultureInfo.InvariantCulture),
            injected - tolerance, injected + tolerance);
        Assert.Equal("breach", body.GetProperty("evidence").GetProperty("verdict").GetString());
        Assert.True(body.GetProperty("engineWeight").GetDouble() > 0, "the interpolated weight stays visible for the operator");
    }

    [Fact]
    public async Task A_canary_with_no_traffic_is_insufficient_data_with_weight_zero()
    {
        var (status, body) = await GetAsync("namespace=shop&rollout=search");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("insufficient-data", body.GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("weight").GetDouble());
        Assert.Contains("too few canary requests (0 of 50)", body.GetProperty("reason").GetString());
        Assert.Contains(body.GetProperty("problems").EnumerateArray(), p => p.GetString()!.StartsWith("canary p99: NaN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_data_is_Inconclusive_for_Argo_with_the_shipped_template_so_the_rollout_pauses()
    {
        using var argo = new ArgoAnalysisOfApp(fixture.Dashboard.Server.CreateHandler(), ShippedAnalysisTemplate.Run("shop", "search"));

        var measurement = await argo.MeasureAsync();

        Assert.Equal(AnalysisPhase.Inconclusive, measurement.Phase);
        Assert.Contains("\"status\":\"insufficient-data\"", measurement.Value);
        Assert.Equal(AnalysisPhase.Inconclusive, argo.Phase);   // paused (InconclusiveAnalysisRun), never Failed or Error
        Assert.Equal((0, 0), (argo.Metric.Failed, argo.Metric.Error));
    }

    [Fact]
    public async Task A_configured_rollout_uses_its_own_job_and_versions()
    {
        var (status, body) = await GetAsync("namespace=shop&rollout=catalog");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True("proceed" == body.GetProperty("status").GetString(), body.ToString());
        Assert.Equal(100, body.GetProperty("weight").GetDouble());
        Assert.Equal("within", body.GetProperty("evidence").GetProperty("verdict").GetString());
        Assert.Equal("catalog-svc", body.GetProperty("rollout").GetProperty("job").GetString());
        Assert.Equal("green", body.GetProperty("rollout").GetProperty("canaryVersion").GetString());
    }

    [Fact]
    public async Task An_unknown_rollout_is_a_200_without_a_verdict()
    {
        var (status, body) = await GetAsync("namespace=shop&rollout=no-such-service");

        Assert.Equal(HttpStatusCode.OK, status);   // a configuration mistake pauses the rollout (Inconclusive), it does not abort it
        Assert.Equal("unknown-rollout", body.GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("weight").GetDouble());
        Assert.Contains("no-such-service", body.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("rollout=checkout", "namespace: required")]
    [InlineData("namespace=shop", "rollout: required")]
    [InlineData("namespace=Shop&rollout=checkout", "namespace: 'Shop'")]
    [InlineData("namespace=shop&rollout=check_out", "rollout: 'check_out'")]
    public async Task Bad_parameters_are_a_200_without_a_verdict_naming_the_problem(string query, string problem)
    {
        var (status, body) = await GetAsync(query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("bad-request", body.GetProperty("status").GetString());
        Assert.Contains(problem, body.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_post_body_that_is_not_json_is_a_bad_request_without_a_verdict()
    {
        using var response = await _http.PostAsync("/analyze", new StringContent("namespace=shop", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bad-request", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_and_liveness_still_answer()
    {
        using var live = await _http.GetAsync("/livez");
        using var health = await _http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
