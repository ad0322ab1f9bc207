using CanaryDashboard.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Tests.Configuration;

/// <summary>
/// <see cref="CanaryDashboardOptionsValidator"/>: each bad value is reported as
/// "Section:Key: reason", with the key spelt as an operator writes it in appsettings.json.
/// </summary>
public class OptionsValidatorTests
{
    /// <summary>Binds configuration keys the way the app does and returns the validator's failures.</summary>
    private static IReadOnlyList<string> FailuresFor(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var options = new CanaryDashboardOptions();
        configuration.Bind(options);
        var result = new CanaryDashboardOptionsValidator().Validate(Options.DefaultName, options);
        return result.Failed ? result.Failures!.ToList() : [];
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(FailuresFor());

    [Theory]
    [InlineData("Engine:MaxWeight", "150", "Engine:MaxWeight: must be at most 100 (was 150)")]
    [InlineData("Engine:LatencyDecay", "-1", "Engine:LatencyDecay: must not be negative (was -1)")]
    [InlineData("Engine:ErrorSlope", "-20", "Engine:ErrorSlope: must not be negative (was -20)")]
    [InlineData("Engine:SafetyFloor", "0", "Engine:SafetyFloor: must be in (0, 1] (was 0)")]
    [InlineData("Engine:ErrorFloor", "1.5", "Engine:ErrorFloor: must be in (0, 1] (was 1.5)")]
    [InlineData("Engine:MinWeight", "100", "Engine:MinWeight: must be below MaxWeight (was 100 ≥ 100)")]
    [InlineData("Engine:LatencyThreshold", "0", "Engine:LatencyThreshold: must be greater than 0 (was 0)")]
    [InlineData("Engine:ErrorThreshold", "-0.02", "Engine:ErrorThreshold: must be greater than 0 (was -0.02)")]
    [InlineData("Engine:MinRequests", "-1", "Engine:MinRequests: must not be negative (was -1)")]
    [InlineData("Engine:LatencyDecay", "NaN", "Engine:LatencyDecay: must be a number (was NaN)")]
    public void Each_bad_engine_value_is_reported_with_its_key(string key, string value, string failure) =>
        Assert.Equal([failure], FailuresFor((key, value)));

    [Theory]
    [InlineData("Prometheus:BaseUrl", "not a url", "Prometheus:BaseUrl: ", "absolute http(s) URL")]
    [InlineData("Prometheus:BaseUrl", "ftp://127.0.0.1/", "Prometheus:BaseUrl: ", "absolute http(s) URL")]
    [InlineData("Prometheus:Timeout", "00:00:00", "Prometheus:Timeout: ", "between 0 and 5 minutes")]
    [InlineData("Prometheus:Timeout", "00:10:00", "Prometheus:Timeout: ", "between 0 and 5 minutes")]
    [InlineData("Prometheus:RateWindow", "5 minutes", "Prometheus:RateWindow: ", "Prometheus duration")]
    [InlineData("Prometheus:RolloutLabel", "my-job", "Prometheus:RolloutLabel: ", "label name")]
    [InlineData("Prometheus:VersionLabel", "1version", "Prometheus:VersionLabel: ", "label name")]
    [InlineData("Prometheus:CanaryVersion", " ", "Prometheus:CanaryVersion: ", "must not be empty")]
    [InlineData("Prometheus:StableVersion", "v2-canary", "Prometheus:StableVersion: ", "must differ from CanaryVersion")]
    [InlineData("Prometheus:Rollouts:checkout:Job", "x", "Prometheus:Rollouts:checkout: ", "namespace/name")]
    [InlineData("Polling:Interval", "00:00:00.500", "Polling:Interval: ", "at least 1 second")]
    [InlineData("Storage:DataPath", " ", "Storage:DataPath: ", "must not be empty")]
    [InlineData("Storage:DatabaseFile", "sub/db.sqlite", "Storage:DatabaseFile: ", "plain file name")]
    [InlineData("Analyze:Deadline", "00:00:10", "Analyze:Deadline: ", "under the web provider's 10 s timeout")]
    [InlineData("Analyze:Deadline", "00:00:00", "Analyze:Deadline: ", "above 0")]
    [InlineData("Analyze:InsufficientDataStatusCode", "503", "Analyze:InsufficientDataStatusCode: ", "removed (was 503)")]
    public void Each_bad_value_of_the_other_sections_is_reported_with_its_key(string key, string value, string prefix, string reason)
    {
        var failure = Assert.Single(FailuresFor((key, value)));

        Assert.StartsWith(prefix, failure);
        Assert.Contains(reason, failure);
    }

    [Fact]
    public void The_removed_insufficient_data_status_code_is_accepted_only_at_200_what_every_answer_is()
    {
        Assert.Empty(FailuresFor(("Analyze:InsufficientDataStatusCode", "200")));
        Assert.Contains("delete the key", Assert.Single(FailuresFor(("Analyze:InsufficientDataStatusCode", "503"))));
    }

    [Fact]
    public void A_missing_kubeconfig_file_is_reported_in_kubeconfig_mode_only()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-kubeconfig-" + Guid.NewGuid().ToString("N"));

        Assert.Equal([$"Cluster:KubeconfigPath: file not found ('{missing}')"],
            FailuresFor(("Cluster:Mode", "Kubeconfig"), ("Cluster:KubeconfigPath", missing)));
        Assert.Empty(FailuresFor(("Cluster:Mode", "Simulated"), ("Cluster:KubeconfigPath", missing)));
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once()
    {
        var failures = FailuresFor(
            ("Engine:MaxWeight", "150"), ("Engine:SafetyFloor", "2"), ("Prometheus:RateWindow", "soon"),
            ("Polling:Interval", "00:00:00"), ("Analyze:InsufficientDataStatusCode", "500"));

        Assert.Equal(
            ["Engine:SafetyFloor", "Engine:MaxWeight", "Prometheus:RateWindow", "Polling:Interval", "Analyze:InsufficientDataStatusCode"],
            failures.Select(f => f[..f.IndexOf(": ", StringComparison.Ordinal)]));
    }

    [Fact]
    public void The_app_registration_validates_on_first_use_with_the_same_messages()
    {
        // The same wiring as ServiceCollectionExtensions: Bind + ValidateOnStart + the validator.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Engine:MaxWeight", "150")])
            .Build();
        var services = new ServiceCollection();
        services.AddOptions<CanaryDashboardOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CanaryDashboardOptions>, CanaryDashboardOptionsValidator>();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CanaryDashboardOptions>>().Value);

        Assert.Equal(["Engine:MaxWeight: must be at most 100 (was 150)"], ex.Failures);
    }
}
