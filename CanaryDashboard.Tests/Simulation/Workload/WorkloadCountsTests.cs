using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Workload;

namespace CanaryDashboard.Tests.Simulation.Workload;

/// <summary>The simulated workload's counts since a window's start: values, growth, determinism, clamping.</summary>
public sealed class WorkloadCountsTests
{
    private static readonly DateTimeOffset CanaryStarted = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RungEntered = CanaryStarted.AddMinutes(5);
    private static readonly RolloutKey Key = new("shop", "web");
    private static readonly TrafficShape At20 = new(20, 2, 10, CanaryStarted);

    [Fact]
    public void A_healthy_minute_at_20_percent_gives_the_counts_computed_by_hand()
    {
        var workload = new SimulatedWorkload(seed: 1) { WindowNoise = false };
        var counts = workload.Counts(Key, TrafficScenario.Healthy, At20, RungEntered, RungEntered.AddSeconds(60));

        // 200 req/s split 20/80 for 60 s: canary 40 × 60 = 2,400 requests, stable 160 × 60 = 9,600.
        // Errors: canary 2,400 × (0.002 + 0.0005) = 6.0; stable 9,600 × 0.002 = 19.2.
        // Latency log-normal, σ = 0.5, p99 120 ms (stable) and 120 × 1.025 = 123 ms (canary), so a bound b has
        // z = Φ⁻¹(0.99) + ln(b / p99) / σ = 2.326348 + 2 ln(b / p99):
        //   stable ≤ 120 ms: z = 2.326348 → Φ = 0.99 → 9,600 × 0.99 = 9,504
        //   stable ≤ 60 ms:  z = 2.326348 + 2 ln 0.5 = 0.940054 → Φ = 0.826405 → 7,933.49
        //   canary ≤ 120 ms: z = 2.326348 + 2 ln(120/123) = 2.276963 → Φ = 0.988606 → 2,372.65
        //   canary ≤ 40 ms:  z = 2.326348 + 2 ln(40/123) = 0.079738 → Φ = 0.531777 → 1,276.27
        Assert.Equal(2400, counts.Inputs.Canary.Requests, 6);
        Assert.Equal(9600, counts.Inputs.Stable.Requests, 6);
        Assert.Equal(6.0, counts.Inputs.Canary.Errors, 6);
        Assert.Equal(19.2, counts.Inputs.Stable.Errors, 6);
        Assert.Equal(9504, Bucket(counts.Inputs.Stable, 0.12), 0.01);
        Assert.Equal(7933.49, Bucket(counts.Inputs.Stable, 0.06), 0.01);
        Assert.Equal(2372.65, Bucket(counts.Inputs.Canary, 0.12), 0.01);
        Assert.Equal(1276.27, Bucket(counts.Inputs.Canary, 0.04), 0.01);
        Assert.Equal(2400, Bucket(counts.Inputs.Canary, double.PositiveInfinity), 6);
        Assert.Equal(TimeSpan.FromSeconds(60), counts.Inputs.Window);
        Assert.Equal(RungEntered, counts.Since);
    }

    [Fact]
    public void The_buckets_are_the_test_workloads_with_inf_last()
    {
        Assert.Equal(CanaryDashboard.Workload.WorkloadMetrics.Buckets, SimulatedWorkload.LatencyBuckets);
        var counts = new SimulatedWorkload(1).Counts(Key, TrafficScenario.Healthy, At20, RungEntered, RungEntered.AddSeconds(5));
        Assert.Equal(SimulatedWorkload.LatencyBuckets, counts.Inputs.Canary.Latency!.FiniteBounds);
        Assert.Equal(counts.Inputs.Canary.Requests, counts.Inputs.Canary.Latency.Total);
    }

    [Theory]
    [InlineData(TrafficScenario.Healthy)]
    [InlineData(TrafficScenario.SlowLatencyRegression)]
    [InlineData(TrafficScenario.PoolExhaustion)]
    [InlineData(TrafficScenario.NoisyButHealthy)]
    public void Counts_grow_monotonically_within_a_window(TrafficScenario scenario)
    {
        var workload = new SimulatedWorkload(seed: 3);
        var shape = At20 with { CanaryStartedAt = RungEntered.AddMinutes(-28) };   // the regression still moving, then settled
        var previous = workload.Counts(Key, scenario, shape, RungEntered, RungEntered);
        for (var seconds = 0.7; seconds < 300; seconds += 3.3)   // off the 10-second slice grid on purpose
        {
            var next = workload.Counts(Key, scenario, shape, RungEntered, RungEntered.AddSeconds(seconds));
            AssertGrew(previous.Inputs.Canary, next.Inputs.Canary);
            AssertGrew(previous.Inputs.Stable, next.Inputs.Stable);
            previous = next;
        }
    }

    [Fact]
    public void Counts_are_deterministic_for_a_seed_and_differ_between_seeds()
    {
        WorkloadCounts Read(int seed) => new SimulatedWorkload(seed).Counts(Key, TrafficScenario.NoisyButHealthy, At20, RungEntered, RungEntered.AddMinutes(3));
        var first = Read(42);
        var again = Read(42);
        Assert.Equal(first.Inputs.Canary.Errors, again.Inputs.Canary.Errors);
        Assert.Equal(first.Inputs.Canary.Latency!.CumulativeCounts, again.Inputs.Canary.Latency!.CumulativeCounts);
        Assert.Equal(first.Inputs.Stable.Latency!.CumulativeCounts, again.Inputs.Stable.Latency!.CumulativeCounts);
        Assert.NotEqual(first.Inputs.Canary.Errors, Read(7).Inputs.Canary.Errors);
    }

    [Fact]
    public void A_window_starting_before_the_canary_counts_from_the_canarys_start()
    {
        var workload = new SimulatedWorkload(seed: 1) { WindowNoise = false };
        var now = CanaryStarted.AddSeconds(30);
        var counts = workload.Counts(Key, TrafficScenario.Healthy, At20, CanaryStarted.AddHours(-1), now);
        Assert.Equal(CanaryStarted, counts.Since);
        Assert.Equal(40 * 30, counts.Inputs.Canary.Requests, 6);
        Assert.Equal(160 * 30, counts.Inputs.Stable.Requests, 6);
        Assert.Equal(TimeSpan.FromSeconds(30), counts.Inputs.Window);
    }

    [Fact]
    public void No_traffic_gives_zero_counts_not_missing_ones()
    {
        var counts = new SimulatedWorkload(1).Counts(Key, TrafficScenario.NoTraffic, At20, RungEntered, RungEntered.AddMinutes(2));
        Assert.Equal(0, counts.Inputs.Canary.Requests);
        Assert.Equal(0, counts.Inputs.Stable.Errors);
        Assert.NotNull(counts.Inputs.Canary.Latency);
        Assert.All(counts.Inputs.Stable.Latency!.CumulativeCounts, count => Assert.Equal(0, count));
    }

    [Fact]
    public void A_regression_that_starts_mid_window_is_diluted_by_the_windows_earlier_part()
    {
        // The canary's p99 grows from +4 % at its start to +29 % at 30 min; counts since its start mix every stage.
        var workload = new SimulatedWorkload(seed: 1) { WindowNoise = false };
        var counts = workload.Counts(Key, TrafficScenario.SlowLatencyRegression, At20 with { CanaryWeightPercent = 10 },
            CanaryStarted, CanaryStarted.AddMinutes(30));
        var p99 = Quantile(counts.Inputs.Canary, 0.99);
        Assert.InRange(p99 / SimulatedWorkload.StableP99Seconds, 1.12, 1.20);   // about the average of +4 % … +29 %, not +29 %
    }

    private static double Bucket(VersionCounts counts, double bound) =>
        double.IsPositiveInfinity(bound) ? counts.Latency!.Total
        : counts.Latency!.CumulativeCounts[IndexOf(counts.Latency.FiniteBounds, bound)];

    private static int IndexOf(IReadOnlyList<double> bounds, double bound) =>
        Enumerable.Range(0, bounds.Count).Single(i => bounds[i].Equals(bound));

    /// <summary>The quantile as histogram_quantile places it: linearly inside the first bucket that reaches its rank.</summary>
    private static double Quantile(VersionCounts counts, double q)
    {
        var (bounds, cumulative) = (counts.Latency!.FiniteBounds, counts.Latency.CumulativeCounts);
        var rank = q * counts.Requests;
        double lower = 0, below = 0;
        for (var i = 0; i < bounds.Count; i++)
        {
            if (cumulative[i] >= rank)
                return lower + (bounds[i] - lower) * (rank - below) / (cumulative[i] - below);
            (lower, below) = (bounds[i], cumulative[i]);
        }
        return double.PositiveInfinity;
    }

    private static void AssertGrew(VersionCounts before, VersionCounts after)
    {
        Assert.True(after.Requests >= before.Requests, $"requests {before.Requests} → {after.Requests}");
        Assert.True(after.Errors >= before.Errors, $"errors {before.Errors} → {after.Errors}");
        var (b, a) = (before.Latency!.CumulativeCounts, after.Latency!.CumulativeCounts);
        Assert.Equal(b.Count, a.Count);
        for (var i = 0; i < b.Count; i++)
            Assert.True(a[i] >= b[i], $"bucket le={before.Latency.FiniteBounds[i]}: {b[i]} → {a[i]}");
    }
}
