using CanaryDashboard.Metrics;

namespace CanaryDashboard.Tests.Polling;

/// <summary>
/// Passes reads to one real source at a time (the simulated workload, or a real Prometheus source
/// pointed at a dead port for an outage), and can be told to throw, as a defective source would,
/// to prove the loop survives a failing cycle. Counts the reads and the targets of each.
/// </summary>
public sealed class SwitchableMetricsSource(IMetricsSource initial) : IMetricsSource
{
    private int _throwNext;

    public IMetricsSource Current { get; set; } = initial;
    public int Reads { get; private set; }
    public List<int> TargetsPerRead { get; } = [];

    /// <summary>The next <paramref name="reads"/> reads throw instead of answering.</summary>
    public void ThrowOnNext(int reads) => Interlocked.Exchange(ref _throwNext, reads);

    public Task<MetricsBatch> ReadAsync(IReadOnlyList<MetricTarget> targets, CancellationToken cancellationToken)
    {
        Reads++;
        TargetsPerRead.Add(targets.Count);
        if (Interlocked.Decrement(ref _throwNext) >= 0)
            throw new InvalidOperationException("a defective metrics source threw");
        Interlocked.Exchange(ref _throwNext, 0);
        return Current.ReadAsync(targets, cancellationToken);
    }
}
