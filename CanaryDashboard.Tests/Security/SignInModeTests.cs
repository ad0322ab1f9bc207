using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CanaryDashboard.Tests.Security;

/// <summary>Through the real app: loopback needs no sign-in; beyond loopback pages redirect, the API answers 401, local accounts sign in.</summary>
public sealed class SignInModeTests
{
    [Fact]
    public async Task On_loopback_everyone_is_the_anonymous_local_admin()
    {
        await using var app = new SecurityAppFactory(new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:5000" });
        using var client = app.NewClient();
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("local-admin", me.GetProperty("name").GetString());
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal("AnonymousLocalAdmin", me.GetProperty("mode").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.False(File.Exists(Path.Combine(app.DataPath, "users.json")), "no account is generated when nobody signs in");
    }

    [Fact]
    public async Task Beyond_loopback_a_page_redirects_to_sign_in_and_the_api_answers_401()
    {
        await using var app = new SecurityAppFactory(SecurityAppFactory.NonLoopbackWithUsers(("alice", "operator", "alice-pass")));
        using var client = app.NewClient();

        HttpAssertions.IsRedirectTo(await client.GetAsync("/engine"), "/signin?ReturnUrl=%2Fengine");
        var api = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Contains("sign in", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/engine/curve")).StatusCode);

        // The sign-in page itself and the machine endpoints stay reachable.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/livez")).StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task A_local_account_signs_in_with_the_right_password_and_not_with_a_wrong_one()
    {
        await using var app = new SecurityAppFactory(SecurityAppFactory.NonLoopbackWithUsers(("alice", "release-manager", "alice-pass")));

        using var wrong = app.NewClient();
        HttpAssertions.IsRedirectTo(await app.SignInAsync(wrong, "alice", "alice-pas", "/engine"), "/signin?error=1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/me")).StatusCode);
        HttpAssertions.IsRedirectTo(await app.SignInAsync(wrong, "mallory", "alice-pass"), "/signin?error=1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/me")).StatusCode);

        using var right = app.NewClient();
        HttpAssertions.IsRedirectTo(await app.SignInAsync(right, "alice", "alice-pass", "/engine"), "/engine");
        var me = await right.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("alice", me.GetProperty("name").GetString());
        Assert.Equal("release-manager", me.GetProperty("role").GetString());
        Assert.Contains("Promote", me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.DoesNotContain("EditSettings", me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("/engine")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        await using var app = new SecurityAppFactory(SecurityAppFactory.NonLoopbackWithUsers(("alice", "viewer", "alice-pass")));
        using var client = app.NewClient();
        await app.SignInAsync(client, "alice", "alice-pass");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        var page = await client.GetStringAsync("/engine");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        HttpAssertions.IsRedirectTo(await client.PostAsync("/auth/signout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })), "/signin");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task The_return_url_cannot_leave_the_app()
    {
        await using var app = new SecurityAppFactory(SecurityAppFactory.NonLoopbackWithUsers(("alice", "viewer", "alice-pass")));
        using var client = app.NewClient();
        HttpAssertions.IsRedirectTo(await app.SignInAsync(client, "alice", "alice-pass", "//evil.example/x"), "/");
        Assert.Equal("/", (await app.SignInAsync(client, "alice", "alice-pass", "https://evil.example/")).Headers.Location!.OriginalString);
    }
}
