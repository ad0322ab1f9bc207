using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Api;
using Microsoft.Extensions.DependencyInjection;

namespace CanaryDashboard.Tests.Security;

/// <summary>
/// The whole path in the real app, Simulated cluster mode: the role check, then the Kubernetes
/// adapter's patch to the simulated API server. A viewer's abort leaves the rollout untouched; an
/// operator's abort sets <c>status.abort</c>, and the audit row names the operator and the patch.
/// </summary>
public sealed class ActionsThroughSimulatedClusterTests
{
    [Fact]
    public async Task A_viewers_abort_never_reaches_the_cluster_and_an_operators_does()
    {
        await using var app = new SecurityAppFactory(SecurityAppFactory.NonLoopbackWithUsers(("vic", "viewer", "vic-pass"), ("olga", "operator", "olga-pass")));
        using var vic = app.NewClient();
        await app.SignInAsync(vic, "vic", "vic-pass");
        await WaitUntilListedAsync(vic, "/api/rollouts/payments/ledger-api");
        var cluster = app.Services.GetRequiredService<SimulatedCluster>();
        bool Aborted() => cluster.Store.Get(ResourceCatalog.Rollouts, "payments", "ledger-api")?["status"]?["abort"]?.GetValue<bool>() == true;

        var refused = await vic.PostAsync("/api/rollouts/payments/ledger-api/actions/abort", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("operator", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requiredRole").GetString());
        Assert.False(Aborted());

        using var olga = app.NewClient();
        await app.SignInAsync(olga, "olga", "olga-pass");
        var done = await olga.PostAsync("/api/rollouts/payments/ledger-api/actions/abort", null);
        var outcome = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("Succeeded", outcome.GetProperty("result").GetString());
        Assert.True(Aborted());

        Assert.Equal(["vic", "olga"], app.Audit.Entries.Select(e => e.User));
        var audited = app.Audit.Entries.Last();
        Assert.Equal(("abort", "succeeded", """{"status":{"abort":true}}"""), (audited.Action, audited.Outcome, audited.PatchBody));
        Assert.EndsWith("/namespaces/payments/rollouts/ledger-api/status", audited.PatchTarget);
        Assert.Equal("kubectl argo rollouts abort ledger-api -n payments", audited.KubectlCommand);
    }

    private static async Task WaitUntilListedAsync(HttpClient client, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetAsync(path)).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{path} was not listed within 60 s");
            await Task.Delay(100);
        }
    }
}
