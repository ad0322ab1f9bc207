using CanaryDashboard.Tests.PrometheusTesting;
using System.Net;
using System.Text.Json;

namespace CanaryDashboard.Tests.Api;

/// <summary><c>GET /api/engine/curve</c>: series and grid for the tuning page, from the engine's own formula.</summary>
public sealed class EngineCurveEndpointTests : IAsyncLifetime
{
    // Configured maxWeight 60 proves the configured Engine section is the default here.
    private readonly AnalyzeAppFactory _app = new(new Dictionary<string, string?> { ["Engine:MaxWeight"] = "60" });

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task Series_and_grid_carry_the_hand_computed_weights()
    {
        // maxWeight 100 (query). Series at ed 0.015 (ep 0.7) over ld 0, 0.125, 0.25:
        //   71.5 | 0.286505 × 0.7 = 0.200553 → 24.1 | floor → 14.5, breach
        // Grid rows ed 0, 0.015, 0.03 (see CurveSamplerTests for each cell).
        var json = await GetJson("/api/engine/curve?latencyFrom=0&latencyTo=0.25&points=3&errorDeltas=0.015" +
                                 "&gridColumns=3&gridErrorFrom=0&gridErrorTo=0.03&gridRows=3&maxWeight=100");

        var series = Assert.Single(json.GetProperty("series").EnumerateArray());
        Assert.Equal(0.015, series.GetProperty("errorDelta").GetDouble());
        var points = series.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([0, 0.125, 0.25], points.Select(p => p.GetProperty("latencyDelta").GetDouble()));
        Assert.Equal([71.5, 24.1, 14.5], points.Select(p => p.GetProperty("weight").GetDouble()));
        Assert.Equal([71.5, 24.1, 0], points.Select(p => p.GetProperty("safeWeight").GetDouble()));
        Assert.Equal(["proceed", "proceed", "breach"], points.Select(p => p.GetProperty("verdict").GetString()));

        var grid = json.GetProperty("grid");
        Assert.Equal([0, 0.015, 0.03], grid.GetProperty("errorDeltas").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(
            [[100.0, 32.2, 14.5], [71.5, 24.1, 14.5], [43.0, 15.9, 14.5]],
            grid.GetProperty("weights").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetDouble()).ToArray()).ToArray());
        Assert.Equal(
            [[false, false, true], [false, false, true], [true, true, true]],
            grid.GetProperty("breach").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetBoolean()).ToArray()).ToArray());
    }

    [Fact]
    public async Task Defaults_use_the_configured_parameters_and_fixed_sizes()
    {
        var json = await GetJson("/api/engine/curve");

        Assert.Equal(60, json.GetProperty("parameters").GetProperty("maxWeight").GetDouble());
        var series = json.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(4, series.Count);
        Assert.All(series, s => Assert.Equal(141, s.GetProperty("points").GetArrayLength()));
        // At ld 0, ed 0 (first series, point 40 of −0.2..0.5 by 0.005): 5 + 1 × 55 = 60.0
        Assert.Equal(60.0, series[0].GetProperty("points")[40].GetProperty("weight").GetDouble());
        Assert.Equal(61, json.GetProperty("grid").GetProperty("weights").GetArrayLength());
        Assert.Equal(71, json.GetProperty("grid").GetProperty("weights")[0].GetArrayLength());
    }

    [Fact]
    public async Task Oversized_or_inverted_requests_are_refused_with_every_problem()
    {
        using var client = _app.CreateClient();
        var errors = await EngineEvaluateEndpointTests.GetErrors(client,
            "/api/engine/curve?points=20000&gridRows=0&latencyFrom=0.5&latencyTo=0.1&errorDeltas=0,x&maxWeight=101");

        Assert.Equal(["must be between 1 and 10000 (was 20000)"], errors["points"]);
        Assert.Equal(["must be between 1 and 200 (was 0)"], errors["gridRows"]);
        Assert.Equal(["must be above From when Count > 1 (was 0.5 to 0.1)"], errors["latencyTo"]);
        Assert.Equal(["must be a comma-separated list of finite numbers ('x' is not one)"], errors["errorDeltas"]);
        Assert.Equal(["must be at most 100 (was 101)"], errors["maxWeight"]);
    }

    private async Task<JsonElement> GetJson(string url)
    {
        using var client = _app.CreateClient();
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }
}
