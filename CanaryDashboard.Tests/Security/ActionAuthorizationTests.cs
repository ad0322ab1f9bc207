using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CanaryDashboard.Security.Actions;

namespace CanaryDashboard.Tests.Security;

/// <summary>
/// <c>POST /api/rollouts/{ns}/{name}/actions/{action}</c> is authorized on the server: a role too low
/// gets 403 naming the role and nothing reaches the cluster side; every attempt is audited with the user's name.
/// </summary>
public sealed class ActionAuthorizationTests : IAsyncLifetime
{
    private readonly SecurityAppFactory _app = new(
        SecurityAppFactory.NonLoopbackWithUsers(("vic", "viewer", "vic-pass"), ("olga", "operator", "olga-pass"), ("rita", "release-manager", "rita-pass")),
        recordActions: true);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private async Task<HttpClient> SignedIn(string user)
    {
        var client = _app.NewClient();
        HttpAssertions.IsRedirectTo(await _app.SignInAsync(client, user, user + "-pass"), "/");
        return client;
    }

    [Fact]
    public async Task A_viewers_abort_is_refused_with_403_naming_the_role_and_nothing_is_sent()
    {
        using var vic = await SignedIn("vic");
        var response = await vic.PostAsync("/api/rollouts/shop/checkout/actions/abort", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("operator", body.GetProperty("requiredRole").GetString());
        Assert.Equal("viewer", body.GetProperty("role").GetString());
        Assert.Contains("needs the operator role", body.GetProperty("error").GetString());
        Assert.Empty(_app.Executor.Received);

        var audit = Assert.Single(_app.Audit.Entries);
        Assert.Equal(("vic", "abort", "refused: role"), (audit.User, audit.Action, audit.Outcome));
        Assert.Null(audit.PatchBody);
    }

    [Fact]
    public async Task An_operators_abort_reaches_the_cluster_and_is_audited_with_the_name_and_the_patch()
    {
        using var olga = await SignedIn("olga");
        var response = await olga.PostAsync("/api/rollouts/shop/checkout/actions/abort", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_app.Executor.Received);
        Assert.Equal((new CanaryDashboard.Model.RolloutKey("shop", "checkout"), RolloutCommand.Abort), (sent.Rollout, sent.Command));
        var audit = Assert.Single(_app.Audit.Entries);
        Assert.Equal(("olga", "operator", "abort", "succeeded"), (audit.User, audit.Role, audit.Action, audit.Outcome));
        Assert.Equal("""{"status":{"abort":true}}""", audit.PatchBody);
        Assert.EndsWith("/rollouts/checkout/status", audit.PatchTarget);
        Assert.StartsWith("kubectl argo rollouts abort", audit.KubectlCommand);
    }

    [Fact]
    public async Task An_operator_may_not_promote_but_a_release_manager_may_advance()
    {
        using var olga = await SignedIn("olga");
        var promote = await olga.PostAsync("/api/rollouts/shop/checkout/actions/promote-full", null);
        Assert.Equal(HttpStatusCode.Forbidden, promote.StatusCode);
        Assert.Equal("release-manager", (await promote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requiredRole").GetString());
        Assert.Empty(_app.Executor.Received);

        using var rita = await SignedIn("rita");
        Assert.Equal(HttpStatusCode.OK, (await rita.PostAsync("/api/rollouts/shop/checkout/actions/advance?step=4", null)).StatusCode);
        var sent = Assert.Single(_app.Executor.Received);
        Assert.Equal((RolloutCommand.Advance, (int?)4), (sent.Command, sent.TargetStep));
        Assert.Equal(["olga", "rita"], _app.Audit.Entries.Select(e => e.User));
    }

    [Fact]
    public async Task Not_signed_in_is_401_and_not_audited_as_anyone()
    {
        using var nobody = _app.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.PostAsync("/api/rollouts/shop/checkout/actions/abort", null)).StatusCode);
        Assert.Empty(_app.Executor.Received);
        Assert.Empty(_app.Audit.Entries);
    }

    [Fact]
    public async Task An_unknown_action_or_an_advance_without_a_step_is_a_400()
    {
        using var rita = await SignedIn("rita");
        Assert.Equal(HttpStatusCode.BadRequest, (await rita.PostAsync("/api/rollouts/shop/checkout/actions/delete", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await rita.PostAsync("/api/rollouts/shop/checkout/actions/advance", null)).StatusCode);
        Assert.Empty(_app.Executor.Received);
    }

    [Fact]
    public async Task A_request_from_another_origin_is_refused_before_the_role_check()
    {
        using var rita = await SignedIn("rita");
        using var crossOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/rollouts/shop/checkout/actions/abort");
        crossOrigin.Headers.Add("Origin", "http://localhost:3000");
        var refused = await rita.SendAsync(crossOrigin);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("cross-origin", await refused.Content.ReadAsStringAsync());

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/rollouts/shop/checkout/actions/abort");
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.SendAsync(crossSite)).StatusCode);
        Assert.Empty(_app.Executor.Received);

        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/rollouts/shop/checkout/actions/abort");
        sameOrigin.Headers.Add("Origin", "http://localhost");
        sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.OK, (await rita.SendAsync(sameOrigin)).StatusCode);
        Assert.Single(_app.Executor.Received);
    }
}
