using CanaryDashboard.Workload;

namespace CanaryDashboard.Tests.RealPrometheus;

/// <summary>
/// The services the workload runs for the whole collection, one per case, so all of them fill
/// their rate window at the same time. Latency ranges end on multiples of the 10 ms buckets, so
/// the expected p99 is exact: min + 0.99 × (max − min) (histogram_quantile interpolates linearly
/// inside a bucket, and the service times are spread evenly within each bucket).
/// </summary>
public static class Scenarios
{
    public const string Namespace = "shop";

    /// <summary>Stable everywhere: 100 req/s, 50–150 ms (p99 149 ms), 0.5 % errors.</summary>
    public static readonly VersionProfile Stable = new(100, 0.05, 0.15, 0.005);

    /// <summary>Mild regression: +20 ms (latency delta 0.02 / 0.149 = 0.1342) and +1 pp errors.</summary>
    public static readonly JobProfile Mild = new("checkout", Stable, new(100, 0.07, 0.17, 0.015));

    /// <summary>Large latency regression: +60 ms (delta 0.4027 &gt; 0.20).</summary>
    public static readonly JobProfile LatencyBreach = new("payments", Stable, new(100, 0.11, 0.21, 0.005));

    /// <summary>Error regression only: 5.5 % vs 0.5 % (delta 0.05 &gt; 0.02).</summary>
    public static readonly JobProfile ErrorBreach = new("orders", Stable, new(100, 0.05, 0.15, 0.055));

    /// <summary>A canary that gets no traffic at all (its series exist, pre-created, and stay at 0).</summary>
    public static readonly JobProfile NoCanaryTraffic = new("search", Stable, Stable with { RequestsPerSecond = 0 });

    /// <summary>
    /// Rollout shop/catalog, configured under Prometheus:Rollouts with its own job and versions
    /// (blue/green); identical versions, no errors and no 5xx series exported at all.
    /// </summary>
    public static readonly JobProfile Override = new("catalog-svc", Stable with { ErrorRate = 0 }, Stable with { ErrorRate = 0 },
        StableVersion: "blue", CanaryVersion: "green", ExportErrorSeries: false);

    public const string OverrideRollout = "catalog";

    public static readonly JobProfile[] All = [Mild, LatencyBreach, ErrorBreach, NoCanaryTraffic, Override];

    public static double P99(VersionProfile profile) =>
        profile.LatencyMinSeconds + 0.99 * (profile.LatencyMaxSeconds - profile.LatencyMinSeconds);

    public static double LatencyDelta(JobProfile job) => (P99(job.Canary) - P99(job.Stable)) / P99(job.Stable);

    public static double ErrorDelta(JobProfile job) => job.Canary.ErrorRate - job.Stable.ErrorRate;

    /// <summary>Settings that point the dashboard at a Prometheus, with the short test window and the override.</summary>
    public static Dictionary<string, string?> DashboardSettings(Uri prometheus) => new()
    {
        ["Prometheus:BaseUrl"] = prometheus.ToString(),
        ["Prometheus:RateWindow"] = PrometheusWorkloadFixture.RateWindow,
        ["Prometheus:Rollouts:shop/catalog:Job"] = Override.Job,
        ["Prometheus:Rollouts:shop/catalog:CanaryVersion"] = Override.CanaryVersion,
        ["Prometheus:Rollouts:shop/catalog:StableVersion"] = Override.StableVersion,
    };
}
