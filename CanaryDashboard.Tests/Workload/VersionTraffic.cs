namespace CanaryDashboard.Workload;

/// <summary>
/// Deterministic request outcomes for one version: service times follow the golden-ratio sequence
/// (evenly spread over the profile's range in every stretch of requests, not only in the long run)
/// and failures come from an accumulator (exactly ErrorRate of requests fail, spread evenly).
/// So what Prometheus sees over any window is known in advance, with no random noise to tolerate.
/// </summary>
internal sealed class VersionTraffic(string version)
{
    private const double GoldenFraction = 0.6180339887498949;
    private readonly Lock _gate = new();
    private long _served;
    private double _errorDebt;
    private double _due;

    public string Version { get; } = version;

    /// <summary>The next request's service time and whether it fails.</summary>
    public (double Seconds, bool Failed) Next(VersionProfile profile)
    {
        lock (_gate)
        {
            var u = ((_served++ + 0.5) * GoldenFraction) % 1.0; // never exactly 0: no request sits on the range's lower bound (a bucket edge)
            var seconds = profile.LatencyMinSeconds + u * (profile.LatencyMaxSeconds - profile.LatencyMinSeconds);
            _errorDebt += profile.ErrorRate;
            var failed = _errorDebt >= 1;
            if (failed) _errorDebt -= 1;
            return (seconds, failed);
        }
    }

    /// <summary>How many requests are due after <paramref name="elapsedSeconds"/> at the profile's rate (late ticks catch up).</summary>
    public int TakeDue(VersionProfile profile, double elapsedSeconds)
    {
        lock (_gate)
        {
            _due += profile.RequestsPerSecond * elapsedSeconds;
            var whole = (int)Math.Min(Math.Floor(_due), 100_000); // bounded even after a long stall
            _due -= Math.Floor(_due);
            return whole;
        }
    }
}
