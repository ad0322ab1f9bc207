namespace CanaryDashboard.Configuration;

/// <summary>
/// How to reach Prometheus and which series describe a rollout's traffic.
/// Query templates are PromQL with three placeholders, filled once per poll for every rollout at once:
/// <c>$selector</c> (the label matchers, without braces, selecting every polled rollout's canary and
/// stable series), <c>$window</c> (the rate window) and <c>$by</c> (the grouping labels: the rollout
/// label and the version label). Each template must return one sample per (rollout, version).
/// </summary>
public sealed class PrometheusOptions
{
    /// <summary>Base address of the Prometheus HTTP API, e.g. http://prometheus.monitoring:9090.</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:9090";

    /// <summary>Per-request timeout. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The rate window W. Seed: 5m.</summary>
    public string RateWindow { get; set; } = "5m";

    /// <summary>The label that names the rollout's service (seed: <c>job</c>). One name for all rollouts, so one query serves them all.</summary>
    public string RolloutLabel { get; set; } = "job";

    /// <summary>The label that tells canary from stable (seed: <c>version</c>).</summary>
    public string VersionLabel { get; set; } = "version";

    /// <summary>
    /// The label holding a series' pod template hash (e.g. <c>rollouts_pod_template_hash</c>, relabelled
    /// from the pod label <c>rollouts-pod-template-hash</c>; see <c>Prometheus/README.md</c>). Empty (the
    /// default) turns it off. When set, the counter queries also group by it and only the series of the
    /// target's canary and stable revisions are counted, so an aborted revision's traffic never counts
    /// for the one that replaced it under the same version label.
    /// </summary>
    public string RevisionLabel { get; set; } = "";

    /// <summary>Version label value of the canary (seed: v2-canary).</summary>
    public string CanaryVersion { get; set; } = "v2-canary";

    /// <summary>Version label value of the stable version (seed: v1-stable).</summary>
    public string StableVersion { get; set; } = "v1-stable";

    /// <summary>
    /// Rollout label value when a rollout has no override: <c>{name}</c> and <c>{namespace}</c>
    /// stand for the rollout's name and namespace (e.g. <c>{namespace}/{name}</c>).
    /// </summary>
    public string JobTemplate { get; set; } = "{name}";

    public PrometheusQueries Queries { get; set; } = new();

    /// <summary>Per-rollout overrides of the label values, keyed as <c>namespace/name</c>.</summary>
    public Dictionary<string, RolloutMetricsOverride> Rollouts { get; set; } = new();
}

/// <summary>
/// The PromQL templates, one query per metric per poll for every rollout at once (defaults: the seed's queries, batched).
/// The error ratio falls back to 0 errors when a version has traffic but no 5xx series at all
/// (a healthy service often never exported one), instead of reporting the ratio as missing.
/// </summary>
public sealed class PrometheusQueries
{
    public const string SelectorPlaceholder = "$selector";
    public const string WindowPlaceholder = "$window";
    public const string ByPlaceholder = "$by";

    public string P99 { get; set; } =
        "histogram_quantile(0.99, sum by (le, $by) (rate(http_request_duration_seconds_bucket{$selector}[$window])))";

    public string ErrorRatio { get; set; } =
        "(sum by ($by) (rate(http_requests_total{$selector,status=~\"5..\"}[$window]))"
        + " or 0 * sum by ($by) (rate(http_requests_total{$selector}[$window])))"
        + " / sum by ($by) (rate(http_requests_total{$selector}[$window]))";

    public string RequestRate { get; set; } =
        "sum by ($by) (rate(http_requests_total{$selector}[$window]))";

    public string Requests { get; set; } =
        "sum by ($by) (increase(http_requests_total{$selector}[$window]))";

    // The counters below are read as they stand at the instant (no $window): the evidence's counts are
    // their growth since the first read of the rung's window, so both ends are exact integers where no
    // pod restarted, where increase() would extrapolate. Sent only when some rollout has a window start.

    /// <summary>Cumulative requests per (rollout, version[, revision]): the evidence's request counts.</summary>
    public string RequestCounter { get; set; } =
        "sum by ($by) (http_requests_total{$selector})";

    /// <summary>
    /// Cumulative 5xx responses. A version with requests but no 5xx series at all has 0 errors (as the
    /// error ratio's <c>or 0 *</c> fallback), so this needs no fallback of its own.
    /// </summary>
    public string ErrorCounter { get; set; } =
        "sum by ($by) (http_requests_total{$selector,status=~\"5..\"})";

    /// <summary>Cumulative latency histogram buckets, grouped by <c>le</c> as well.</summary>
    public string LatencyBucketCounter { get; set; } =
        "sum by (le, $by) (http_request_duration_seconds_bucket{$selector})";
}

/// <summary>Label values of one rollout when they differ from the global ones.</summary>
public sealed class RolloutMetricsOverride
{
    /// <summary>The rollout label value (instead of <see cref="PrometheusOptions.JobTemplate"/>).</summary>
    public string? Job { get; set; }
    public string? CanaryVersion { get; set; }
    public string? StableVersion { get; set; }
}
