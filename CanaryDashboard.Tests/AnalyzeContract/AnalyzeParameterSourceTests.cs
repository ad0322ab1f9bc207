using CanaryDashboard.Parameters;
using System.Net;
using System.Text.Json.Nodes;
using CanaryDashboard.Analyze;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static CanaryDashboard.Tests.AnalyzeContract.AnalyzeAppWithCannedPrometheus;

namespace CanaryDashboard.Tests.AnalyzeContract;

/// <summary>
/// <c>/analyze</c> judges with the parameters of its one <see cref="IAnalyzeParameterSource"/>, and
/// records them with their origin: replacing that one registration (as the parameter resolver
/// will) changes both the verdict and what the answer says it used.
/// </summary>
public sealed class AnalyzeParameterSourceTests(AnalyzeAppWithCannedPrometheus fixture) : IClassFixture<AnalyzeAppWithCannedPrometheus>
{
    [Fact]
    public async Task By_default_the_Engine_section_is_used_and_recorded()
    {
        fixture.Prometheus.Answer = Answers.Healthy;
        using var http = fixture.App.CreateClient();

        var body = await AnalyzeAsync(http);

        Assert.Equal(AnalyzeAnswer.Proceed, (string?)body["status"]);
        Assert.Equal(EngineParameters.Default.LatencyThreshold, (double)body["parameters"]!["latencyThreshold"]!);
        Assert.Equal(ParameterOrigin.Configuration, (string?)body["profile"]!["source"]);
        Assert.Null(body["profile"]!["name"]);
    }

    [Fact]
    public async Task A_replaced_source_decides_and_is_recorded()
    {
        fixture.Prometheus.Answer = Answers.QuarterSlower;   // p99 +25 %: shown above 10 %
        var strict = new EffectiveParameters(EngineParameters.Default with { LatencyThreshold = 0.10 }, new ParameterOrigin("profile", "strict", 3));
        await using var baseApp = fixture.NewApp();   // its own data folder: the derived app uses it
        await using var app = baseApp.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IAnalyzeParameterSource>(new Fixed(strict))));
        using var http = app.CreateClient();

        var body = await AnalyzeAsync(http);

        Assert.True(AnalyzeAnswer.Breach == (string?)body["status"], body.ToJsonString());
        Assert.Equal(0.10, (double)body["parameters"]!["latencyThreshold"]!);
        Assert.Equal(("profile", "strict", 3), ((string?)body["profile"]!["source"], (string?)body["profile"]!["name"], (int?)body["profile"]!["version"]));
    }

    [Fact]
    public async Task The_app_answers_with_the_rollouts_assigned_profile_through_the_resolver()
    {
        fixture.Prometheus.Answer = Answers.QuarterSlower;   // p99 +25 %: shown above 10 %
        await using var app = fixture.NewApp();
        using var http = app.CreateClient();   // starts the host: the database is migrated
        var profiles = app.Services.GetRequiredService<ThresholdProfileStore>();
        var strict = (await profiles.SaveAsync("strict", EngineParameters.Default with { LatencyThreshold = 0.10 }, "test", null, CancellationToken.None)).Saved!;
        await app.Services.GetRequiredService<RolloutSettingsStore>().SaveAsync(new RolloutKey(Namespace, Rollout),
            RolloutSettings.Default with { ThresholdProfileId = strict.Id }, "test", CancellationToken.None);

        var body = await AnalyzeAsync(http);

        Assert.True(AnalyzeAnswer.Breach == (string?)body["status"], body.ToJsonString());
        Assert.Equal(0.10, (double)body["parameters"]!["latencyThreshold"]!);
        Assert.Equal(("profile", "strict", 1), ((string?)body["profile"]!["source"], (string?)body["profile"]!["name"], (int?)body["profile"]!["version"]));
    }

    private static async Task<JsonNode> AnalyzeAsync(HttpClient http)
    {
        using var response = await http.GetAsync($"/analyze?namespace={Namespace}&rollout={Rollout}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private sealed class Fixed(EffectiveParameters parameters) : IAnalyzeParameterSource
    {
        public ValueTask<EffectiveParameters> ForAsync(RolloutKey rollout, CancellationToken cancellationToken) => ValueTask.FromResult(parameters);
    }
}
