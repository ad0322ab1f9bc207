using CanaryDashboard.Configuration;
using CanaryDashboard.Security.Accounts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Tests.Security;

/// <summary>The <c>Auth</c> section: each bad value is reported with its key.</summary>
public class AuthOptionsValidationTests
{
    private static IReadOnlyList<string> FailuresFor(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var options = new CanaryDashboardOptions();
        configuration.Bind(options);
        var result = new CanaryDashboardOptionsValidator().Validate(Options.DefaultName, options);
        return result.Failed ? result.Failures!.ToList() : [];
    }

    [Fact]
    public void A_configured_account_with_a_real_hash_is_valid() =>
        Assert.Empty(FailuresFor(("Auth:Users:0:Name", "alice"), ("Auth:Users:0:Role", "operator"), ("Auth:Users:0:PasswordHash", PasswordHashing.Hash("s3cret!"))));

    [Theory]
    [InlineData("Auth:Users:0:Role", "root", "Auth:Users:0:Role: must be one of viewer, operator, release-manager, admin")]
    [InlineData("Auth:Users:0:PasswordHash", "hunter2", "Auth:Users:0:PasswordHash: must be a hash")]
    [InlineData("Auth:Users:0:Name", " ", "Auth:Users:0:Name: must not be empty")]
    [InlineData("Auth:UsersFile", "../users.json", "Auth:UsersFile: must be a plain file name")]
    [InlineData("Auth:Mode", "OpenIdConnect", "Auth:OpenIdConnect:Authority: must be set when Auth:Mode is OpenIdConnect")]
    [InlineData("Auth:OpenIdConnect:DefaultRole", "boss", "Auth:OpenIdConnect:DefaultRole: must be empty (no access) or one of")]
    [InlineData("Auth:OpenIdConnect:RoleValues:oncall", "superuser", "Auth:OpenIdConnect:RoleValues:oncall: must be one of")]
    public void Each_bad_value_is_reported_with_its_key(string key, string value, string failureStart)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Users:0:Name"] = "alice", ["Auth:Users:0:Role"] = "operator", ["Auth:Users:0:PasswordHash"] = PasswordHashing.Hash("x"),
            [key] = value,
        };
        var failures = FailuresFor(settings.Select(p => (p.Key, p.Value)).ToArray());
        Assert.Contains(failures, f => f.StartsWith(failureStart, StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_name_twice_is_refused()
    {
        var hash = PasswordHashing.Hash("x");
        var failures = FailuresFor(("Auth:Users:0:Name", "alice"), ("Auth:Users:0:Role", "viewer"), ("Auth:Users:0:PasswordHash", hash),
            ("Auth:Users:1:Name", "ALICE"), ("Auth:Users:1:Role", "admin"), ("Auth:Users:1:PasswordHash", hash));
        Assert.Equal(["Auth:Users:1:Name: 'ALICE' appears twice"], failures);
    }

    [Fact]
    public void An_openid_connect_provider_needs_https_and_a_client_id()
    {
        Assert.Contains("Auth:OpenIdConnect:ClientId: must be set with an Authority", FailuresFor(("Auth:OpenIdConnect:Authority", "https://idp.example")));
        Assert.Contains(FailuresFor(("Auth:OpenIdConnect:Authority", "http://idp.example"), ("Auth:OpenIdConnect:ClientId", "c")),
            f => f.StartsWith("Auth:OpenIdConnect:Authority: must be https", StringComparison.Ordinal));
        Assert.Empty(FailuresFor(("Auth:OpenIdConnect:Authority", "http://127.0.0.1:8080/realms/test"), ("Auth:OpenIdConnect:ClientId", "c"),
            ("Auth:OpenIdConnect:RequireHttpsMetadata", "false")));
    }
}
