namespace CanaryDashboard.Workload;

/// <summary>
/// How one version of one service behaves: requests per second (0 = it gets no traffic), the
/// latency range (each request's service time is spread evenly over [min, max]) and the fraction
/// of requests that fail with HTTP 500.
/// </summary>
public sealed record VersionProfile(double RequestsPerSecond, double LatencyMinSeconds, double LatencyMaxSeconds, double ErrorRate);

/// <summary>
/// One service (one value of the <c>job</c> label) with its stable and canary versions.
/// <see cref="ExportErrorSeries"/> false leaves out the pre-created <c>status="500"</c> series, like a
/// service that has never failed (the error-ratio query must still answer 0, not "missing").
/// </summary>
public sealed record JobProfile(
    string Job,
    VersionProfile Stable,
    VersionProfile Canary,
    string StableVersion = "v1-stable",
    string CanaryVersion = "v2-canary",
    bool ExportErrorSeries = true);
