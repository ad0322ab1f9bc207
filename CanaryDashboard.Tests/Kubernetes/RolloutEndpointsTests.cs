using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CanaryDashboard.Api;
using CanaryDashboard.Configuration;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Security;
using CanaryDashboard.Simulation;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>
/// The JSON API on a loopback Kestrel host wired with <c>AddKubernetesCluster()</c> and
/// <c>MapRolloutEndpoints()</c> (and the actions through <c>AddDashboardSecurity()</c>), watching a seeded simulated cluster (its six example rollouts).
/// (Not WebApplicationFactory: it intercepts the simulated server's own host build and swaps in a TestServer.)
/// </summary>
public sealed class RolloutEndpointsTests : IAsyncLifetime
{
    private SimulatedCluster _cluster = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions
        {
            DataPath = Path.Combine(Path.GetTempPath(), "rollouts-api", Guid.NewGuid().ToString("N")),
            SeedExampleRollouts = true,
        });
        (_app, _http) = await StartHostAsync(_cluster);
        await _app.Services.GetRequiredService<IRolloutSnapshotProvider>().WaitForSyncAsync(new CancellationTokenSource(Wait.Long).Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        try { await _cluster.DisposeAsync(); } catch (ObjectDisposedException) { }   // see SimulatedClusterFixture.DisposeAsync
        await _app.DisposeAsync();
        try { Directory.Delete(_cluster.DataPath, recursive: true); } catch (IOException) { }
    }

    private static async Task<(WebApplication, HttpClient)> StartHostAsync(SimulatedCluster cluster)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddOptions<CanaryDashboardOptions>().Configure(o =>
        {
            o.Storage.DataPath = cluster.DataPath;   // where the simulated server wrote its kubeconfig
            o.Cluster.Mode = ClusterMode.Simulated;
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddKubernetesCluster();
        builder.Services.AddDashboardSecurity();   // actions go through the role check (loopback: the local admin)
        var app = builder.Build();
        app.MapRolloutEndpoints();
        app.MapRolloutActionEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    [Fact]
    public async Task Lists_every_rollout_and_filters_by_namespace_and_status()
    {
        var all = await _http.GetFromJsonAsync<JsonElement[]>("/api/rollouts");
        var payments = await _http.GetFromJsonAsync<JsonElement[]>("/api/rollouts?namespace=payments");
        var degraded = await _http.GetFromJsonAsync<JsonElement[]>("/api/rollouts?status=degraded");

        Assert.Equal(6, all!.Length);
        Assert.Equal(["fraud-scorer", "ledger-api", "payments-gateway"], payments!.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal("payments/fraud-scorer", Assert.Single(degraded!).GetProperty("namespace").GetString() + "/" + degraded![0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_bad_status_filter_gets_a_clear_error()
    {
        var response = await _http.GetAsync("/api/rollouts?status=Sleeping");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Healthy, Progressing, Paused, Degraded", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task One_rollout_has_the_fields_named_as_kubectl_argo_rollouts_get_names_them()
    {
        var rollout = await _http.GetFromJsonAsync<JsonElement>("/api/rollouts/storefront/checkout-web");

        Assert.Equal("Paused", rollout.GetProperty("status").GetString());
        Assert.Equal("CanaryPauseStep", rollout.GetProperty("message").GetString());
        Assert.Equal("Canary", rollout.GetProperty("strategy").GetString());
        Assert.Equal("20", rollout.GetProperty("setWeight").GetString());
        Assert.Equal("20", rollout.GetProperty("actualWeight").GetString());
        Assert.Matches(@"^\d+/\d+$", rollout.GetProperty("step").GetString());
        Assert.Equal(10, rollout.GetProperty("replicas").GetProperty("desired").GetInt32());
        Assert.True(rollout.GetProperty("ladder").GetArrayLength() > 0);
        Assert.Equal("Paused", rollout.GetProperty("list").GetProperty("STATUS").GetString());
        Assert.Equal("20", rollout.GetProperty("list").GetProperty("SET-WEIGHT").GetString());
    }

    [Fact]
    public async Task An_unknown_rollout_is_404()
    {
        var response = await _http.GetAsync("/api/rollouts/storefront/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("storefront/nope", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_cluster_endpoint_shows_mode_address_and_connection()
    {
        await Wait.UntilAsync(() => _app.Services.GetRequiredService<IClusterStatusProvider>().Status.Connected, "connected");

        var cluster = await _http.GetFromJsonAsync<JsonElement>("/api/cluster");

        Assert.Equal("Simulated", cluster.GetProperty("mode").GetString());
        Assert.StartsWith("http://127.0.0.1:", cluster.GetProperty("apiServer").GetString());
        Assert.True(cluster.GetProperty("connected").GetBoolean());
        Assert.True(cluster.GetProperty("synced").GetBoolean());
        Assert.Equal(6, cluster.GetProperty("rollouts").GetInt32());
    }

    [Fact]
    public async Task A_persons_advance_is_checked_again_by_the_server_and_warned_when_it_skips_rungs()
    {
        // checkout-web waits after rung 20 (step 9).
        var hash = (await _http.GetFromJsonAsync<JsonElement>("/api/rollouts/storefront/checkout-web")).GetProperty("canaryPodHash").GetString();

        var replaced = await _http.PostAsync("/api/rollouts/storefront/checkout-web/actions/advance?step=12&fromStep=9&podHash=0000000000", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replaced.StatusCode);
        var refusal = await replaced.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Refused", refusal.GetProperty("result").GetString());
        Assert.StartsWith($"a new revision (pod hash {hash}) replaced 0000000000", refusal.GetProperty("message").GetString());

        var skipping = await _http.PostAsync($"/api/rollouts/storefront/checkout-web/actions/advance?step=12&fromStep=9&podHash={hash}", null);
        Assert.Equal(HttpStatusCode.OK, skipping.StatusCode);
        var sent = await skipping.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("skips 1 rung: 35 (step 10). The canary goes from setWeight 20 to 50 without being judged in between, " +
                     "and until its ReplicaSet has the replicas for 50 Argo routes it setWeight 35 on the pods it has now",
            sent.GetProperty("warning").GetString());
        Assert.StartsWith("""{"metadata":{"resourceVersion":""", sent.GetProperty("sent")[0].GetProperty("body").GetString());

        // A person's pause: Argo would not scale the canary, so the server refuses the advance.
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync("/api/rollouts/payments/ledger-api/actions/pause", null)).StatusCode);
        var paused = await _http.PostAsync("/api/rollouts/payments/ledger-api/actions/advance?step=8", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, paused.StatusCode);
        Assert.StartsWith("the rollout is paused by a person (spec.paused: true)",
            (await paused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_action_over_the_api_returns_its_outcome_and_kubectl_line()
    {
        var response = await _http.PostAsync("/api/rollouts/payments/ledger-api/actions/pause", null);
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Succeeded", outcome.GetProperty("result").GetString());
        Assert.Equal("kubectl argo rollouts pause ledger-api -n payments", outcome.GetProperty("kubectlCommand").GetString());
        Assert.Equal("""{"spec":{"paused":true}}""", outcome.GetProperty("sent")[0].GetProperty("body").GetString());

        var backwards = await _http.PostAsync("/api/rollouts/payments/ledger-api/actions/advance?step=0", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        var unknown = await _http.PostAsync("/api/rollouts/payments/ledger-api/actions/explode", null);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }
}
