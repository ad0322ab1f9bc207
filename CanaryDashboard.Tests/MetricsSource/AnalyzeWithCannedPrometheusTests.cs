using System.Net;
using System.Text.Json;
using CanaryDashboard.Metrics;
using CanaryDashboard.Prometheus;
using CanaryDashboard.Tests.PrometheusTesting;
using Microsoft.Extensions.DependencyInjection;
using static CanaryDashboard.Tests.PrometheusTesting.CannedPrometheus;

namespace CanaryDashboard.Tests.MetricsSource;

/// <summary>
/// <c>/analyze</c> of the real app when Prometheus hangs or answers only in part (answers the real one cannot be made to give on
/// demand): a 200 with status <c>unavailable</c>, no verdict (Analyze/AnalyzeAnswersUnderArgoRulesTests holds it against Argo's rules).
/// </summary>
public sealed class AnalyzeWithCannedPrometheusTests : IAsyncLifetime
{
    private CannedPrometheus _stub = null!;

    public async Task InitializeAsync() => _stub = await CannedPrometheus.StartAsync();

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    private AnalyzeAppFactory App(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Prometheus:BaseUrl"] = _stub.BaseAddress.ToString() };
        foreach (var (key, value) in settings) all[key] = value;
        return new AnalyzeAppFactory(all);
    }

    [Fact]
    public async Task A_hanging_Prometheus_is_unavailable_within_the_analyze_deadline_with_a_200()
    {
        _stub.Answer = _ => new(200, Vector(), Delay: TimeSpan.FromMinutes(2));
        await using var app = App(("Prometheus:Timeout", "00:01:00"), ("Analyze:Deadline", "00:00:01"));
        using var http = app.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(60); // far above the deadline: the app must answer on its own

        using var response = await http.GetAsync("/analyze?namespace=shop&rollout=checkout");

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);   // no verdict, which Argo counts Inconclusive: never an Error
        Assert.Equal("unavailable", body.GetProperty("status").GetString());
        Assert.Contains("no answer within the 1 s deadline", body.GetProperty("reason").GetString());
        Assert.Equal(0, body.GetProperty("weight").GetDouble());
    }

    [Fact]
    public async Task One_failed_query_is_unavailable_not_a_verdict_on_partial_data()
    {
        _stub.Answer = q => q.StartsWith("histogram_quantile", StringComparison.Ordinal)
            ? new(503, "upstream overloaded", ContentType: "text/plain")
            : new(200, Vector(("checkout", "v2-canary", "100"), ("checkout", "v1-stable", "100")));
        await using var app = App();
        using var http = app.CreateClient();

        using var response = await http.GetAsync("/analyze?namespace=shop&rollout=checkout");

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("unavailable", body.GetProperty("status").GetString());
        Assert.StartsWith("some metrics could not be read: p99: HTTP 503", body.GetProperty("reason").GetString());
        // what was read is still shown
        Assert.Equal(100, body.GetProperty("canary").GetProperty("requestsPerSecond").GetDouble());
    }

    [Fact]
    public async Task The_app_reads_metrics_from_Prometheus_through_the_registered_source()
    {
        await using var app = App();

        using var scope = app.Services.CreateScope();
        Assert.IsType<PrometheusMetricsSource>(scope.ServiceProvider.GetRequiredService<IMetricsSource>());
    }
}
