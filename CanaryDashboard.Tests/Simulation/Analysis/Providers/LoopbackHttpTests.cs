using System.Net;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis;
using CanaryDashboard.Simulation.Analysis.JsonPath;
using CanaryDashboard.Simulation.Analysis.Providers;
using CanaryDashboard.Simulation.Analysis.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CanaryDashboard.Tests.Simulation.Analysis.Providers;

/// <summary>The web provider's real HTTP: it reaches a server on 127.0.0.1, and refuses to connect anywhere else.</summary>
public sealed class LoopbackHttpTests : IAsyncLifetime
{
    private WebApplication _server = null!;
    private Uri _address = null!;
    private int _requests;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.Run(context =>
        {
            Interlocked.Increment(ref _requests);
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($$"""{"status":"proceed","host":"{{context.Request.Host}}","path":"{{context.Request.Path}}{{context.Request.QueryString}}"}""");
        });
        await _server.StartAsync();
        _address = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_metric_is_measured_over_real_http_on_loopback_through_the_simulated_dns()
    {
        using var http = new LoopbackHttp();
        var dns = new ClusterDns();
        dns.Map("canary.shop.svc.cluster.local", _address.ToString());
        var metric = new MetricSpec(JsonNode.Parse("""
            {"name":"m","successCondition":"result.status == 'proceed'","provider":{"web":{"url":"http://canary.shop.svc.cluster.local/analyze?rollout=web","jsonPath":"{$}"}}}
            """)!.AsObject());
        var provider = new WebMetricProvider(dns, http, KubeJsonPath.Parse("{$}"), TimeProvider.System);

        var measurement = await provider.RunAsync(new JsonObject(), metric, CancellationToken.None);

        Assert.Equal(AnalysisPhase.Successful, measurement.Phase);
        Assert.Contains("\"path\":\"/analyze?rollout=web\"", measurement.Value);
        Assert.Contains("\"host\":\"canary.shop.svc.cluster.local\"", measurement.Value);   // the Host a pod would send
        Assert.Equal(1, _requests);
    }

    [Theory]
    [InlineData("http://192.0.2.1/")]
    [InlineData("http://[2001:db8::1]/")]
    [InlineData("http://example.com/")]
    public async Task The_client_itself_refuses_to_connect_outside_loopback(string url)
    {
        using var http = new LoopbackHttp();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.Client(insecure: false).GetAsync(url));
        Assert.Contains(ClusterDns.LoopbackOnly, error.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.45.3.9", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    [InlineData("169.254.169.254", false)]
    public void Loopback_is_127_0_0_0_8_and_the_ipv6_one(string address, bool loopback) =>
        Assert.Equal(loopback, LoopbackHttp.IsLoopback(IPAddress.Parse(address)));
}
