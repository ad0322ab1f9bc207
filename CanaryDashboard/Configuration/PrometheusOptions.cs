namespace CanaryDashboard.Configuration;

/// <summary>
/// How to reach Prometheus and which series describe a rollout's traffic. Query templates use
/// placeholders filled per batch: <c>{selector}</c> (the label matchers), <c>{window}</c>
/// (the rate window), <c>{by}</c> (the grouping labels: rollout label and version label).
/// </summary>
public sealed class PrometheusOptions
{
    /// <summary>Base address of the Prometheus HTTP API, e.g. http://prometheus.monitoring:9090.</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:9090";

    /// <summary>Per-request timeout. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The rate window W. Seed: 5m.</summary>
    public string RateWindow { get; set; } = "5m";

    /// <summary>The label that names the rollout's service (seed: <c>job</c>).</summary>
    public string RolloutLabel { get; set; } = "job";

    /// <summary>The label that tells canary from stable (seed: <c>version</c>).</summary>
    public string VersionLabel { get; set; } = "version";

    /// <summary>Version label value of the canary (seed: v2-canary).</summary>
    public string CanaryVersion { get; set; } = "v2-canary";

    /// <summary>Version label value of the stable version (seed: v1-stable).</summary>
    public string StableVersion { get; set; } = "v1-stable";

    /// <summary>Rollout label value when a rollout has no override: <c>{name}</c> stands for the rollout's name.</summary>
    public string JobTemplate { get; set; } = "{name}";

    public PrometheusQueries Queries { get; set; } = new();

    /// <summary>Per-rollout overrides of the label values, keyed as <c>namespace/name</c>.</summary>
    public Dictionary<string, RolloutMetricsOverride> Rollouts { get; set; } = new();
}

/// <summary>The PromQL templates, one query per metric per poll for every rollout at once.</summary>
public sealed class PrometheusQueries
{
    public string P99 { get; set; } =
        "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{selector}[{window}])) by (le, {by}))";
    public string ErrorRatio { get; set; } =
        "sum(rate(http_requests_total{selector_5xx}[{window}])) by ({by}) / sum(rate(http_requests_total{selector}[{window}])) by ({by})";
    public string RequestRate { get; set; } =
        "sum(rate(http_requests_total{selector}[{window}])) by ({by})";
    public string Requests { get; set; } =
        "sum(increase(http_requests_total{selector}[{window}])) by ({by})";
}

/// <summary>Label values of one rollout when they differ from the global ones.</summary>
public sealed class RolloutMetricsOverride
{
    public string? Job { get; set; }
    public string? CanaryVersion { get; set; }
    public string? StableVersion { get; set; }
}
