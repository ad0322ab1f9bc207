using CanaryDashboard.Tests.PrometheusTesting;
using System.Net;
using System.Text.Json;

namespace CanaryDashboard.Tests.Api;

/// <summary>
/// <c>GET /api/engine/evaluate</c> through the real app: the engine's full result as JSON with the
/// parameters it used (configured defaults, overridden per query), and 400 with every problem.
/// </summary>
public sealed class EngineEvaluateEndpointTests : IClassFixture<EngineEvaluateEndpointTests.App>
{
    public sealed class App : IAsyncLifetime
    {
        public AnalyzeAppFactory Factory { get; } = new();
        public Task InitializeAsync() => Task.CompletedTask;
        public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
    }

    private readonly HttpClient _client;

    public EngineEvaluateEndpointTests(App app) => _client = app.Factory.CreateClient();

    [Fact]
    public async Task Returns_the_full_result_for_the_issue_example()
    {
        // (0.1, 0.01): lp = exp(−1) = 0.367879, ep = 0.8, sf = 0.294304, 5 + 27.9588 = 32.9588 → 33.0
        var (status, json) = await Get("/api/engine/evaluate?latencyDelta=0.1&errorDelta=0.01");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("proceed", json.GetProperty("verdict").GetString());
        Assert.Equal(0.1, json.GetProperty("latencyDelta").GetDouble());
        Assert.Equal(0.01, json.GetProperty("errorDelta").GetDouble());
        Assert.Equal(0.367879, json.GetProperty("latencyPenalty").GetDouble(), 6);
        Assert.Equal(0.8, json.GetProperty("errorPenalty").GetDouble(), 12);
        Assert.Equal(0.294304, json.GetProperty("safetyFactor").GetDouble(), 6);
        Assert.Equal(33.0, json.GetProperty("weight").GetDouble());
        Assert.Equal(33.0, json.GetProperty("safeWeight").GetDouble());
        Assert.False(json.GetProperty("clamped").GetBoolean());
        Assert.EndsWith("→ weight 33.0", json.GetProperty("reason").GetString());
        var parameters = json.GetProperty("parameters");
        Assert.Equal(100, parameters.GetProperty("maxWeight").GetDouble());
        Assert.Equal(10, parameters.GetProperty("latencyDecay").GetDouble());
        Assert.Equal(0.2, parameters.GetProperty("latencyThreshold").GetDouble());
        Assert.Equal(9, parameters.EnumerateObject().Count());
    }

    [Fact]
    public async Task Query_parameters_override_the_configured_ones()
    {
        // maxWeight 50, (0.1, 0): 5 + 0.367879 × 45 = 21.5546 → 21.6
        var (status, json) = await Get("/api/engine/evaluate?latencyDelta=0.1&errorDelta=0&maxWeight=50");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(21.6, json.GetProperty("weight").GetDouble());
        Assert.Equal(50, json.GetProperty("parameters").GetProperty("maxWeight").GetDouble());
        Assert.Equal(5, json.GetProperty("parameters").GetProperty("minWeight").GetDouble());
    }

    [Fact]
    public async Task Several_parameters_combine()
    {
        // decay 5, slope 10, (0.1, 0.01): 0.606531 × 0.9 = 0.545878 → 5 + 51.8584 = 56.8584 → 56.9
        var (_, json) = await Get("/api/engine/evaluate?latencyDelta=0.1&errorDelta=0.01&latencyDecay=5&errorSlope=10");

        Assert.Equal(56.9, json.GetProperty("weight").GetDouble());
    }

    [Fact]
    public async Task A_breach_answers_with_verdict_breach_and_safe_weight_zero()
    {
        // (0.25, 0): floor → 14.5 interpolated; 0.25 > 0.2 → breach
        var (status, json) = await Get("/api/engine/evaluate?latencyDelta=0.25&errorDelta=0");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("breach", json.GetProperty("verdict").GetString());
        Assert.Equal(14.5, json.GetProperty("weight").GetDouble());
        Assert.Equal(0, json.GetProperty("safeWeight").GetDouble());
        Assert.Equal("breach: latency +25.0% > threshold 20.0%", json.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_faster_canary_is_clamped()
    {
        var (_, json) = await Get("/api/engine/evaluate?latencyDelta=-0.1&errorDelta=0");

        Assert.Equal(100.0, json.GetProperty("weight").GetDouble());
        Assert.True(json.GetProperty("clamped").GetBoolean());
    }

    [Fact]
    public async Task A_NaN_delta_is_insufficient_data_with_no_weight()
    {
        var (status, json) = await Get("/api/engine/evaluate?latencyDelta=NaN&errorDelta=0.01");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("insufficient-data", json.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("weight").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("latencyDelta").ValueKind);
        Assert.Equal(0.01, json.GetProperty("errorDelta").GetDouble());
        Assert.Equal(0, json.GetProperty("safeWeight").GetDouble());
        Assert.StartsWith("insufficient data: latency delta is NaN", json.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_overflowing_penalty_is_written_as_Infinity_not_a_server_error()
    {
        // decay 1000 at −1: exp(1000) overflows to ∞; the weight is still clamped to 100.0
        var (status, json) = await Get("/api/engine/evaluate?latencyDelta=-1&errorDelta=0&latencyDecay=1000");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Infinity", json.GetProperty("latencyPenalty").GetString());
        Assert.Equal(100.0, json.GetProperty("weight").GetDouble());
    }

    [Fact]
    public async Task Missing_deltas_are_each_reported()
    {
        var errors = await GetErrors("/api/engine/evaluate");

        Assert.Equal(["is required"], errors["latencyDelta"]);
        Assert.Equal(["is required"], errors["errorDelta"]);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public async Task Unparseable_numbers_are_each_reported_with_their_field()
    {
        var errors = await GetErrors("/api/engine/evaluate?latencyDelta=ten&errorDelta=1%2C5&maxWeight=fifty");

        Assert.Equal(["must be a number (was 'ten')"], errors["latencyDelta"]);
        Assert.Equal(["must be a number (was '1,5')"], errors["errorDelta"]);
        Assert.Equal(["must be a number (was 'fifty')"], errors["maxWeight"]);
    }

    [Fact]
    public async Task Invalid_parameters_are_all_reported_under_their_query_names()
    {
        var errors = await GetErrors(
            "/api/engine/evaluate?latencyDelta=0.1&errorDelta=0&maxWeight=150&latencyDecay=-1&safetyFloor=0&errorFloor=NaN&minWeight=200&errorThreshold=0");

        Assert.Equal(["must be at most 100 (was 150)"], errors["maxWeight"]);
        Assert.Equal(["must not be negative (was -1)"], errors["latencyDecay"]);
        Assert.Equal(["must be in (0, 1] (was 0)"], errors["safetyFloor"]);
        Assert.Equal(["must be a number (was NaN)"], errors["errorFloor"]);
        Assert.Equal(["must be below MaxWeight (was 200 ≥ 150)"], errors["minWeight"]);
        Assert.Equal(["must be greater than 0 (was 0)"], errors["errorThreshold"]);
        Assert.Equal(6, errors.Count);
    }

    [Fact]
    public async Task Unknown_repeated_empty_and_out_of_range_keys_are_refused()
    {
        var errors = await GetErrors("/api/engine/evaluate?latencyDelta=-2&errorDelta=2&maxWeigth=50&minWeight=1&minWeight=2&slope=");

        Assert.Equal(["must be at least -1 (a relative delta; was -2)"], errors["latencyDelta"]);
        Assert.Equal(["must be within [-1, 1] (a fraction; was 2)"], errors["errorDelta"]);
        Assert.StartsWith("is not a known parameter (known: ", errors["maxWeigth"].Single());
        Assert.Contains("maxWeight", errors["maxWeigth"].Single());
        Assert.Equal(["is given 2 times; give it once"], errors["minWeight"]);
        Assert.StartsWith("is not a known parameter", errors["slope"].Single());
    }

    [Fact]
    public async Task Query_keys_are_case_insensitive_like_the_rest_of_ASP_NET_Core()
    {
        var (status, json) = await Get("/api/engine/evaluate?LatencyDelta=0.1&errordelta=0&MAXWEIGHT=50");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(21.6, json.GetProperty("weight").GetDouble());
    }

    [Fact]
    public async Task A_bad_request_is_problem_json_with_a_readable_detail()
    {
        var response = await _client.GetAsync("/api/engine/evaluate?latencyDelta=x&errorDelta=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("latencyDelta: must be a number (was 'x')", json.GetProperty("detail").GetString());
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> Get(string url)
    {
        var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(body).RootElement);
    }

    internal static async Task<Dictionary<string, string[]>> GetErrors(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    private Task<Dictionary<string, string[]>> GetErrors(string url) => GetErrors(_client, url);
}
