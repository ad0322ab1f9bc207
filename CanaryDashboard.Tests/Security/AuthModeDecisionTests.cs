using CanaryDashboard.Configuration;
using CanaryDashboard.Security.Modes;
using Microsoft.Extensions.Configuration;

namespace CanaryDashboard.Tests.Security;

/// <summary>Which addresses count as loopback, and the mode each binding and <c>Auth:Mode</c> give.</summary>
public class AuthModeDecisionTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://127.0.0.2:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("https://LOCALHOST:5001/", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://10.0.0.7:5000", false)]
    [InlineData("http://dashboard.internal:80", false)]
    public void Loopback_addresses(string address, bool loopback) => Assert.Equal(loopback, BindingAddresses.IsLoopback(address));

    [Fact]
    public void One_address_beyond_loopback_is_enough_to_require_sign_in() =>
        Assert.False(BindingAddresses.AllLoopback(["http://127.0.0.1:5000", "http://0.0.0.0:5001"]));

    private static IReadOnlyList<string> Read(params (string, string)[] settings) =>
        BindingAddresses.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Item1, s.Item2))).Build());

    [Fact]
    public void Configured_addresses_are_read_as_kestrel_reads_them()
    {
        Assert.Equal(["http://localhost:5000"], Read());   // Kestrel's default
        Assert.Equal(["http://127.0.0.1:5000", "http://[::1]:5000"], Read(("Urls", "http://127.0.0.1:5000; http://[::1]:5000")));
        Assert.Equal(["https://0.0.0.0:443"], Read(("Kestrel:Endpoints:Public:Url", "https://0.0.0.0:443")));
        Assert.Equal(["http://*:8080"], Read(("HTTP_PORTS", "8080")));
    }

    [Fact]
    public void Auto_on_loopback_is_the_anonymous_local_admin()
    {
        var decision = AuthDecision.Decide(new AuthOptions(), ["http://127.0.0.1:5000"]);
        Assert.Equal(EffectiveAuthMode.AnonymousLocalAdmin, decision.Mode);
        Assert.False(decision.RequiresSignIn);
    }

    [Fact]
    public void Auto_beyond_loopback_needs_local_sign_in_or_openid_connect_when_configured()
    {
        Assert.Equal(EffectiveAuthMode.LocalAccounts, AuthDecision.Decide(new AuthOptions(), ["http://0.0.0.0:5000"]).Mode);
        var oidc = new AuthOptions { OpenIdConnect = { Authority = "https://idp.example", ClientId = "canary" } };
        Assert.Equal(EffectiveAuthMode.OpenIdConnect, AuthDecision.Decide(oidc, ["http://0.0.0.0:5000"]).Mode);
        Assert.Equal(EffectiveAuthMode.AnonymousLocalAdmin, AuthDecision.Decide(oidc, ["http://127.0.0.1:5000"]).Mode);
    }

    [Fact]
    public void An_explicit_mode_requires_sign_in_even_on_loopback()
    {
        Assert.Equal(EffectiveAuthMode.LocalAccounts, AuthDecision.Decide(new AuthOptions { Mode = AuthMode.Local }, ["http://127.0.0.1:5000"]).Mode);
        Assert.Equal(EffectiveAuthMode.OpenIdConnect, AuthDecision.Decide(new AuthOptions { Mode = AuthMode.OpenIdConnect }, ["http://127.0.0.1:5000"]).Mode);
    }
}
