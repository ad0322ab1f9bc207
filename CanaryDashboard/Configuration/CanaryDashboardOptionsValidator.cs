using Microsoft.Extensions.Options;

namespace CanaryDashboard.Configuration;

/// <summary>
/// Validates the whole configuration at start (<c>ValidateOnStart</c>): every failure names the
/// configuration key and the reason, so a bad value stops start-up with a message an operator can act on.
/// </summary>
public sealed class CanaryDashboardOptionsValidator : IValidateOptions<CanaryDashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, CanaryDashboardOptions options)
    {
        var failures = new List<string>();
        foreach (var problem in options.Engine.Validate())
            failures.Add($"Engine:{problem.Field}: {problem.Reason}");
        foreach (var problem in options.Evidence.Validate())
            failures.Add($"Evidence:{problem.Field}: {problem.Reason}");

        var prometheus = options.Prometheus;
        if (!Uri.TryCreate(prometheus.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            failures.Add($"Prometheus:BaseUrl: must be an absolute http(s) URL (was '{prometheus.BaseUrl}')");
        if (prometheus.Timeout <= TimeSpan.Zero || prometheus.Timeout > TimeSpan.FromMinutes(5))
            failures.Add($"Prometheus:Timeout: must be between 0 and 5 minutes (was {prometheus.Timeout})");
        if (!PromDuration.IsValid(prometheus.RateWindow))
            failures.Add($"Prometheus:RateWindow: must be a Prometheus duration such as 30s, 5m or 1h (was '{prometheus.RateWindow}')");
        foreach (var (key, value) in new[]
                 {
                     ("RolloutLabel", prometheus.RolloutLabel), ("VersionLabel", prometheus.VersionLabel),
                 })
        {
            if (!PromDuration.IsLabelName(value))
                failures.Add($"Prometheus:{key}: must be a Prometheus label name (was '{value}')");
        }
        if (string.IsNullOrWhiteSpace(prometheus.CanaryVersion))
            failures.Add("Prometheus:CanaryVersion: must not be empty");
        if (string.IsNullOrWhiteSpace(prometheus.StableVersion))
            failures.Add("Prometheus:StableVersion: must not be empty");
        if (prometheus.CanaryVersion == prometheus.StableVersion)
            failures.Add($"Prometheus:StableVersion: must differ from CanaryVersion (both '{prometheus.StableVersion}')");
        foreach (var key in prometheus.Rollouts.Keys)
        {
            if (key.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
                failures.Add($"Prometheus:Rollouts:{key}: the key must be 'namespace/name'");
        }
        PrometheusOptionsValidation.AddFailures(prometheus, failures);

        if (options.Cluster.Mode == ClusterMode.Kubeconfig && options.Cluster.KubeconfigPath is { Length: > 0 } path && !File.Exists(path))
            failures.Add($"Cluster:KubeconfigPath: file not found ('{path}')");
        if (options.Cluster.Namespaces.Any(n => string.IsNullOrWhiteSpace(n)))
            failures.Add("Cluster:Namespaces: a namespace name must not be empty (leave the list empty to watch all namespaces)");
        if (options.Cluster.WatchTimeout < TimeSpan.FromSeconds(10) || options.Cluster.WatchTimeout > TimeSpan.FromHours(1))
            failures.Add($"Cluster:WatchTimeout: must be between 10 seconds and 1 hour (was {options.Cluster.WatchTimeout})");
        if (options.Cluster.WatchInitialBackoff <= TimeSpan.Zero || options.Cluster.WatchInitialBackoff > options.Cluster.WatchMaxBackoff)
            failures.Add($"Cluster:WatchInitialBackoff: must be above 0 and at most Cluster:WatchMaxBackoff (was {options.Cluster.WatchInitialBackoff})");
        if (options.Cluster.ActionTimeout <= TimeSpan.Zero || options.Cluster.ActionTimeout > TimeSpan.FromMinutes(2))
            failures.Add($"Cluster:ActionTimeout: must be between 0 and 2 minutes (was {options.Cluster.ActionTimeout})");

        if (options.Metrics.Source == MetricsSourceKind.Simulated && options.Cluster.Mode != ClusterMode.Simulated)
            failures.Add($"Metrics:Source: Simulated metrics come from the simulated cluster; Cluster:Mode is {options.Cluster.Mode}");

        if (options.Polling.Interval < TimeSpan.FromSeconds(1))
            failures.Add($"Polling:Interval: must be at least 1 second (was {options.Polling.Interval})");
        if (options.Polling.Interval > TimeSpan.FromHours(1))
            failures.Add($"Polling:Interval: must be at most 1 hour (was {options.Polling.Interval})");
        if (options.Polling.SettingsRefresh < TimeSpan.Zero || options.Polling.SettingsRefresh > TimeSpan.FromHours(1))
            failures.Add($"Polling:SettingsRefresh: must be between 0 and 1 hour (was {options.Polling.SettingsRefresh})");
        if (options.Polling.MinTimeAtRung < TimeSpan.Zero || options.Polling.MinTimeAtRung > TimeSpan.FromDays(1))
            failures.Add($"Polling:MinTimeAtRung: must be between 0 and 1 day (was {options.Polling.MinTimeAtRung})");
        if (options.Polling.MaxBackoff < options.Polling.Interval || options.Polling.MaxBackoff > TimeSpan.FromHours(1))
            failures.Add($"Polling:MaxBackoff: must be between Polling:Interval and 1 hour (was {options.Polling.MaxBackoff})");

        if (string.IsNullOrWhiteSpace(options.Storage.DataPath))
            failures.Add("Storage:DataPath: must not be empty");
        if (string.IsNullOrWhiteSpace(options.Storage.DatabaseFile) || options.Storage.DatabaseFile.IndexOfAny(['/', '\\']) >= 0)
            failures.Add($"Storage:DatabaseFile: must be a plain file name (was '{options.Storage.DatabaseFile}')");
        var retention = options.Storage.Retention;
        if (retention.RawSamples < TimeSpan.FromMinutes(5))
            failures.Add($"Storage:Retention:RawSamples: must be at least 5 minutes (was {retention.RawSamples})");
        if (retention.MinuteAggregates < retention.RawSamples)
            failures.Add($"Storage:Retention:MinuteAggregates: must be at least RawSamples ({retention.RawSamples}) (was {retention.MinuteAggregates})");
        if (retention.PruneInterval < TimeSpan.FromSeconds(1) || retention.PruneInterval > TimeSpan.FromDays(1))
            failures.Add($"Storage:Retention:PruneInterval: must be between 1 second and 1 day (was {retention.PruneInterval})");
        if (retention.BatchSize is < 1 or > 100_000)
            failures.Add($"Storage:Retention:BatchSize: must be between 1 and 100000 (was {retention.BatchSize})");
        if (retention.FlushInterval < TimeSpan.Zero || retention.FlushInterval > TimeSpan.FromMinutes(1))
            failures.Add($"Storage:Retention:FlushInterval: must be between 0 and 1 minute (was {retention.FlushInterval})");
        if (retention.QueueCapacity is < 1 or > 1_000_000)
            failures.Add($"Storage:Retention:QueueCapacity: must be between 1 and 1000000 (was {retention.QueueCapacity})");

        if (options.Analyze.Deadline <= TimeSpan.Zero || options.Analyze.Deadline >= TimeSpan.FromSeconds(10))
            failures.Add($"Analyze:Deadline: must be above 0 and under the web provider's 10 s timeout (was {options.Analyze.Deadline})");
        if (options.Analyze.InsufficientDataStatusCode is { } code and not 200)
            failures.Add($"Analyze:InsufficientDataStatusCode: removed (was {code}); /analyze answers every case with 200 and a status "
                + "the example AnalysisTemplate counts Inconclusive unless it is a verdict (docs/analyze-endpoint.md): delete the key");

        ValidateSimulation(options, failures);
        if (options.Live.SampleBufferCapacity is < 1 or > 100_000)
            failures.Add($"Live:SampleBufferCapacity: must be between 1 and 100000 samples per rollout (was {options.Live.SampleBufferCapacity})");
        if (options.Live.MinNotifyInterval < TimeSpan.FromMilliseconds(10) || options.Live.MinNotifyInterval > TimeSpan.FromSeconds(10))
            failures.Add($"Live:MinNotifyInterval: must be between 10 ms and 10 s (was {options.Live.MinNotifyInterval})");

        AuthOptionsValidation.AddFailures(options.Auth, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSimulation(CanaryDashboardOptions options, List<string> failures)
    {
        var simulation = options.Simulation;
        if (simulation.Port is < 0 or > 65535)
            failures.Add($"Simulation:Port: must be 0 (a free port) or a port number (was {simulation.Port})");
        if (simulation.ControllerInterval < TimeSpan.FromMilliseconds(100) || simulation.ControllerInterval > TimeSpan.FromMinutes(10))
            failures.Add($"Simulation:ControllerInterval: must be between 100 ms and 10 minutes (was {simulation.ControllerInterval})");
        foreach (var (host, target) in simulation.Dns)
        {
            var isBaseUrl = Uri.TryCreate(target, UriKind.Absolute, out var url) && url.Scheme is "http" or "https";
            if (!isBaseUrl && !string.Equals(target?.Trim(), "dashboard", StringComparison.OrdinalIgnoreCase))
                failures.Add($"Simulation:Dns:{host}: must be an http(s) base URL on loopback or 'dashboard' (was '{target}')");
        }
        if (!double.IsFinite(simulation.RequestsPerSecond) || simulation.RequestsPerSecond < 0)
            failures.Add($"Simulation:RequestsPerSecond: must be 0 or more (was {simulation.RequestsPerSecond})");
        foreach (var key in simulation.Scenarios.Keys)
        {
            if (key.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
                failures.Add($"Simulation:Scenarios:{key}: the key must be 'namespace/name'");
        }
        if (options.Cluster.Mode == ClusterMode.Simulated && simulation.ManifestsPath is { Length: > 0 } manifests && !Directory.Exists(manifests))
            failures.Add($"Simulation:ManifestsPath: folder not found ('{Path.GetFullPath(manifests)}')");
    }
}
