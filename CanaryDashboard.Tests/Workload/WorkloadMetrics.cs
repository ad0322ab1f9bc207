using Prometheus;

namespace CanaryDashboard.Workload;

/// <summary>
/// The exported metrics, in a registry of their own (so several workloads, or the dashboard, can
/// share a process). Buckets are 10 ms wide up to 600 ms: with latencies spread evenly over ranges
/// whose ends are multiples of 10 ms, histogram_quantile's linear interpolation inside a bucket is
/// exact, so the expected p99 is computable: p99 = min + 0.99 × (max − min).
/// </summary>
public sealed class WorkloadMetrics
{
    public static readonly double[] Buckets =
        [.. Enumerable.Range(1, 60).Select(i => Math.Round(i * 0.01, 2)), 0.8, 1.0, 2.5, 5.0];

    public WorkloadMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Duration = factory.CreateHistogram("http_request_duration_seconds", "Service time of HTTP requests.",
            new HistogramConfiguration { LabelNames = ["job", "version"], Buckets = Buckets });
        Requests = factory.CreateCounter("http_requests_total", "HTTP requests served.",
            new CounterConfiguration { LabelNames = ["job", "version", "status"] });
    }

    public CollectorRegistry Registry { get; }
    public Histogram Duration { get; }
    public Counter Requests { get; }

    /// <summary>Creates the labelled series before any request, so a fresh version reads 0 and not "no data".</summary>
    public void PreCreate(JobProfile profile)
    {
        foreach (var version in new[] { profile.StableVersion, profile.CanaryVersion })
        {
            Duration.WithLabels(profile.Job, version);
            Requests.WithLabels(profile.Job, version, "200");
            if (profile.ExportErrorSeries)
                Requests.WithLabels(profile.Job, version, "500");
        }
    }

    public void Record(string job, string version, double seconds, bool failed)
    {
        Duration.WithLabels(job, version).Observe(seconds);
        Requests.WithLabels(job, version, failed ? "500" : "200").Inc();
    }
}
