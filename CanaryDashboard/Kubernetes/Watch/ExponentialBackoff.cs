namespace CanaryDashboard.Kubernetes.Watch;

/// <summary>
/// Exponential backoff with "equal jitter": the n-th delay is uniformly drawn from
/// [d/2, d] with d = min(max, initial × 2ⁿ), so many clients that lost the same API server do not
/// come back in step. Not thread-safe: one per loop.
/// </summary>
public sealed class ExponentialBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public int Attempt { get; private set; }

    public TimeSpan Next()
    {
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(Attempt, 30)));
        Attempt++;
        return TimeSpan.FromMilliseconds(ceiling / 2 + _random.NextDouble() * ceiling / 2);
    }

    public void Reset() => Attempt = 0;
}
