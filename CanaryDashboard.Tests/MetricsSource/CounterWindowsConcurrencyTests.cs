using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Prometheus;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.MetricsSource;

/// <summary>The keeper shared by the poller and /analyze, read from many threads at once.</summary>
public sealed class CounterWindowsConcurrencyTests
{
    private static readonly DateTimeOffset Entry = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Counters growing by 10 requests and 1 error per second of read time.</summary>
    private static VersionCounters At(int second) =>
        new(1000 + 10 * second, 5 + second, new Dictionary<double, double> { [0.1] = 900 + 9 * second, [double.PositiveInfinity] = 1000 + 10 * second });

    [Fact]
    public async Task Concurrent_reads_share_one_baseline_and_each_counts_its_own_growth_from_it()
    {
        var windows = new CounterWindows(new FakeTimeProvider(Entry));
        var target = new MetricTarget(new RolloutKey("shop", "checkout"), "checkout", "v2-canary", "v1-stable") { WindowStart = Entry };

        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(second => Task.Run(() =>
            (Second: second, Counted: windows.Advance(target, Entry.AddSeconds(second), At(second), At(second))))));

        var counted = results.Where(r => r.Counted.Counts is not null).ToList();
        var since = Assert.Single(counted.Select(r => r.Counted.Since).Distinct());
        var baseSecond = (int)(since!.Value - Entry).TotalSeconds;
        Assert.All(counted, r =>
        {
            Assert.Equal(10 * (r.Second - baseSecond), r.Counted.Counts!.Canary.Requests);
            Assert.Equal(r.Second - baseSecond, r.Counted.Counts.Stable.Errors);
            Assert.Empty(r.Counted.Problems);
        });
        // reads older than the baseline (they lost the race to set it) are skipped, and say so
        Assert.All(results.Where(r => r.Counted.Counts is null), r =>
        {
            Assert.True(r.Second < baseSecond);
            Assert.Contains("skipped", Assert.Single(r.Counted.Problems));
        });
        Assert.Equal(1, windows.Count);
    }
}
