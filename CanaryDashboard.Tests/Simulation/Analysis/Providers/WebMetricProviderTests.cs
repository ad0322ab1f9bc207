using System.Net;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis;
using CanaryDashboard.Simulation.Analysis.JsonPath;
using CanaryDashboard.Simulation.Analysis.Providers;
using CanaryDashboard.Simulation.Analysis.Runs;
using CanaryDashboard.Simulation.Api;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Simulation.Analysis.Providers;

/// <summary>Argo's web metric provider (metricproviders/webmetric/webmetric.go) over a stubbed loopback network.</summary>
public sealed class WebMetricProviderTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly StubHttpHandler _network = new();
    private readonly LoopbackHttp _http;
    private readonly ClusterDns _dns = new();

    public WebMetricProviderTests() => _http = new LoopbackHttp(_network);

    public void Dispose() => _http.Dispose();

    private static MetricSpec Metric(string web, string conditions = "")
    {
        var json = JsonNode.Parse($$$"""{"name":"m",{{{conditions}}}"provider":{"web":{{{web}}}}}""")!.AsObject();
        return new MetricSpec(json);
    }

    private Task<Measurement> Run(MetricSpec metric)
    {
        var provider = new WebMetricProvider(_dns, _http, KubeJsonPath.Parse(Json.Str(metric.Provider["web"]?["jsonPath"])), _clock);
        return provider.RunAsync(new JsonObject(), metric, CancellationToken.None);
    }

    [Fact]
    public async Task A_json_answer_goes_through_the_json_path_and_the_conditions()
    {
        _network.Json("""{"weight":35.2,"status":"proceed"}""");
        var measurement = await Run(Metric("""{"url":"http://127.0.0.1:8080/analyze?ns=a","jsonPath":"{$.weight}"}""", "\"successCondition\":\"result > 0\","));

        Assert.Equal(AnalysisPhase.Successful, measurement.Phase);
        Assert.Equal("35.2", measurement.Value);
        Assert.Equal(_clock.GetUtcNow(), measurement.StartedAt);
        Assert.Equal(_clock.GetUtcNow(), measurement.FinishedAt);
        var (request, _) = Assert.Single(_network.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("http://127.0.0.1:8080/analyze?ns=a", request.RequestUri!.ToString());
    }

    [Fact]
    public async Task The_whole_answer_with_both_conditions_gives_the_three_phases()
    {
        const string conditions = "\"successCondition\":\"result.status == \\\"proceed\\\"\",\"failureCondition\":\"result.status == \\\"breach\\\"\",";
        var metric = Metric("""{"url":"http://127.0.0.1:8080/analyze","jsonPath":"{$}"}""", conditions);
        _network.Json("""{"status":"proceed","weight":20}""").Json("""{"status":"breach","weight":0}""").Json("""{"status":"insufficient-data","weight":0}""");

        Assert.Equal(AnalysisPhase.Successful, (await Run(metric)).Phase);
        Assert.Equal(AnalysisPhase.Failed, (await Run(metric)).Phase);
        var inconclusive = await Run(metric);
        Assert.Equal(AnalysisPhase.Inconclusive, inconclusive.Phase);
        Assert.Equal("""{"status":"insufficient-data","weight":0}""", inconclusive.Value);
    }

    [Fact]
    public async Task A_non_2xx_answer_is_an_Error_whatever_its_body()
    {
        _network.Json("""{"status":"unavailable","weight":0}""", HttpStatusCode.ServiceUnavailable);
        var measurement = await Run(Metric("""{"url":"http://127.0.0.1:8080/analyze","jsonPath":"{$}"}""", "\"failureCondition\":\"result.status == \\\"breach\\\"\","));
        Assert.Equal(AnalysisPhase.Error, measurement.Phase);
        Assert.Equal("received non 2xx response code: 503", measurement.Message);
        Assert.Equal(_clock.GetUtcNow(), measurement.FinishedAt);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_the_result_as_a_string()
    {
        _network.Answer(HttpStatusCode.OK, "OK");
        var measurement = await Run(Metric("""{"url":"http://127.0.0.1:8080/health"}""", "\"successCondition\":\"result == \\\"OK\\\"\","));
        Assert.Equal(AnalysisPhase.Successful, measurement.Phase);
        Assert.Equal("OK", measurement.Value);
    }

    [Fact]
    public async Task A_json_path_that_finds_nothing_is_an_Error()
    {
        _network.Json("""{"status":"proceed"}""");
        var measurement = await Run(Metric("""{"url":"http://127.0.0.1:8080/analyze","jsonPath":"{$.weight}"}"""));
        Assert.Equal(AnalysisPhase.Error, measurement.Phase);
        Assert.Equal("Could not find JSONPath in body: weight is not found", measurement.Message);
    }

    [Fact]
    public async Task A_timeout_is_an_Error_after_timeoutSeconds_on_the_clock()
    {
        _network.Hang();
        var running = Run(Metric("""{"url":"http://127.0.0.1:8080/slow","timeoutSeconds":3}"""));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(running.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var measurement = await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(AnalysisPhase.Error, measurement.Phase);
        Assert.Equal("Get \"http://127.0.0.1:8080/slow\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", measurement.Message);
    }

    [Fact]
    public async Task The_default_timeout_is_10_seconds()
    {
        _network.Hang();
        var running = Run(Metric("""{"url":"http://127.0.0.1:8080/slow"}"""));
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(running.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(AnalysisPhase.Error, (await running.WaitAsync(TimeSpan.FromSeconds(30))).Phase);
    }

    [Fact]
    public async Task Post_sends_the_json_body_and_the_headers()
    {
        _network.Json("true");
        var measurement = await Run(Metric("""
            {"method":"POST","url":"http://localhost:8080/analyze","jsonBody":{"namespace":"shop","rollout":"web"},
             "headers":[{"key":"Authorization","value":"Bearer x"},{"key":"X-Trace","value":"1"}]}
            """, "\"successCondition\":\"result == true\","));

        Assert.Equal(AnalysisPhase.Successful, measurement.Phase);
        var (request, body) = Assert.Single(_network.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:8080/analyze", request.RequestUri!.ToString());   // localhost never goes to the OS resolver
        Assert.Equal("""{"namespace":"shop","rollout":"web"}""", body);
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("Bearer x", request.Headers.GetValues("Authorization").Single());
        Assert.Equal("1", request.Headers.GetValues("X-Trace").Single());
    }

    [Fact]
    public async Task Post_sends_a_plain_body()
    {
        _network.Json("1");
        await Run(Metric("""{"method":"POST","url":"http://127.0.0.1:8080/x","body":"hello"}"""));
        Assert.Equal("hello", Assert.Single(_network.Requests).Body);
    }

    [Theory]
    [InlineData("""{"url":"http://127.0.0.1/x","body":"a"}""", "Body/JSONBody can only be used with POST or PUT WebMetric Method types")]
    [InlineData("""{"method":"POST","url":"http://127.0.0.1/x","body":"a","jsonBody":{}}""", "use either Body or JSONBody; both cannot exists for WebMetric payload")]
    public async Task Bodies_are_checked_as_Argo_checks_them_and_nothing_is_sent(string web, string message)
    {
        var measurement = await Run(Metric(web));
        Assert.Equal((AnalysisPhase.Error, message), (measurement.Phase, measurement.Message));
        Assert.Empty(_network.Requests);
    }

    [Fact]
    public async Task An_in_cluster_name_is_resolved_by_the_simulated_dns_and_keeps_its_host_header()
    {
        _dns.Map("metrics.monitoring.svc.cluster.local", "http://127.0.0.1:9090/base");
        _network.Json("1");
        await Run(Metric("""{"url":"http://metrics.monitoring.svc.cluster.local/api/v1/q?x=1"}"""));
        var (request, _) = Assert.Single(_network.Requests);
        Assert.Equal("http://127.0.0.1:9090/base/api/v1/q?x=1", request.RequestUri!.ToString());
        Assert.Equal("metrics.monitoring.svc.cluster.local", request.Headers.Host);
    }

    [Theory]
    [InlineData("http://example.com/analyze", "lookup example.com: no such host in the simulated cluster's DNS (Simulation:Dns); the simulated cluster calls only loopback addresses")]
    [InlineData("http://10.1.2.3:8080/analyze", "the simulated cluster calls only loopback addresses: 10.1.2.3 resolves to 10.1.2.3")]
    [InlineData("http://[2001:db8::1]/analyze", "the simulated cluster calls only loopback addresses")]
    [InlineData("http://mapped.svc.cluster.local/analyze", "the simulated cluster calls only loopback addresses: mapped.svc.cluster.local resolves to 192.0.2.10")]
    [InlineData("http://canary-dashboard.canary-dashboard.svc.cluster.local/analyze", "the dashboard hosting the simulated cluster has no loopback address to call")]
    public async Task A_url_that_does_not_resolve_to_loopback_is_an_Error_and_never_requested(string url, string message)
    {
        _dns.Map("mapped.svc.cluster.local", "http://192.0.2.10:80");
        _network.Json("1");
        var measurement = await Run(Metric($$"""{"url":"{{url}}"}"""));
        Assert.Equal(AnalysisPhase.Error, measurement.Phase);
        Assert.Contains(message, measurement.Message);
        Assert.Empty(_network.Requests);
    }

    [Fact]
    public async Task The_dashboard_host_resolves_to_the_address_the_app_gives_once_it_listens()
    {
        _dns.DashboardAddress = _ => Task.FromResult<Uri?>(new Uri("http://127.0.0.1:5123"));
        _network.Json("""{"status":"proceed"}""");
        await Run(Metric("""{"url":"http://canary-dashboard.canary-dashboard.svc.cluster.local/analyze?namespace=a&rollout=b"}"""));
        Assert.Equal("http://127.0.0.1:5123/analyze?namespace=a&rollout=b", Assert.Single(_network.Requests).Request.RequestUri!.ToString());
    }
}
