using CanaryDashboard.Backtest.Library;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Engine.Evidence;

/// <summary>
/// The properties the defaults promise, on seeded simulated rungs (<see cref="EvidenceSimulator"/>:
/// Poisson traffic, log-normal latency with p99 ≈ 320 ms, 0.5 % errors, canary at 10 %, a look every
/// 2 s). Fewer runs than the README's table (<c>bench … evidence-table</c>), enough to fail loudly.
/// </summary>
public class EvidenceMonteCarloTests
{
    private const int HealthyRuns = 40;

    private static SimulatedRun[] Simulate(SimulatedRung rung, int runs, int seed, bool stopAtBreach)
    {
        var simulator = new EvidenceSimulator(rung, EngineParameters.Default, EvidenceParameters.Default);
        var results = new SimulatedRun[runs];
        Parallel.For(0, runs, i => results[i] = simulator.Run(seed + i, stopAtBreach));
        return results;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(100)]
    public void Healthy_canaries_are_not_aborted_in_15_minutes_of_looks_every_2_seconds(double canaryRequestsPerSecond)
    {
        var runs = Simulate(SimulatedRung.Healthy(canaryRequestsPerSecond), HealthyRuns, 10_000, stopAtBreach: false);

        Assert.Equal(0, runs.Count(r => r.Breach(SimulatedRule.Anytime) is not null));
        Assert.Equal(0, runs.Count(r => r.Breach(SimulatedRule.AnytimeWorseThanStable) is not null));
        // The point estimates the engine used before abort a share of the same healthy canaries (the symptom).
        Assert.True(runs.Count(r => r.Breach(SimulatedRule.PointEstimate) is not null) >= HealthyRuns / 20);
    }

    [Theory]
    [InlineData(1.20, 0.0)]   // p99 exactly +20 %
    [InlineData(1.0, 0.02)]   // errors exactly +2 pp
    public void Canaries_sitting_on_a_threshold_are_aborted_no_more_than_the_confidence_allows(double latencyFactor, double extraErrors)
    {
        // The worst case for a false abort: the true delta equals the threshold. 95 % allows 2 of 40; measured: none.
        var runs = Simulate(SimulatedRung.Regressed(100, latencyFactor, extraErrors), HealthyRuns, 20_000, stopAtBreach: false);
        Assert.True(runs.Count(r => r.Breach(SimulatedRule.Anytime) is not null) <= 2);
        // Never "within" either: an estimate on the threshold holds.
        Assert.Equal(0, runs.Count(r => r.Within(SimulatedRule.Anytime) is not null));
    }

    [Theory]
    [InlineData(10, 2.0, 0.0, 60)]     // p99 +100 % at 10 req/s
    [InlineData(10, 1.0, 0.10, 60)]    // errors +10 pp at 10 req/s
    [InlineData(100, 1.35, 0.0, 240)]  // p99 +35 % at 100 req/s
    [InlineData(100, 1.0, 0.03, 240)]  // errors +3 pp at 100 req/s
    public void Gross_regressions_are_caught(double canaryRequestsPerSecond, double latencyFactor, double extraErrors, double withinSeconds)
    {
        var runs = Simulate(SimulatedRung.Regressed(canaryRequestsPerSecond, latencyFactor, extraErrors), 20, 30_000, stopAtBreach: true);
        Assert.All(runs, r => Assert.InRange(r.Breach(SimulatedRule.Anytime) ?? double.PositiveInfinity, 0, withinSeconds));
        Assert.All(runs, r => Assert.Null(r.Within(SimulatedRule.Anytime)));
    }

    [Theory]
    [InlineData(1.35, 0.0)]
    [InlineData(1.0, 0.03)]
    public void The_worse_than_stable_rule_catches_35_percent_or_3_pp_at_10_per_second_within_3_minutes(double latencyFactor, double extraErrors)
    {
        var runs = Simulate(SimulatedRung.Regressed(10, latencyFactor, extraErrors), 20, 40_000, stopAtBreach: true);
        Assert.All(runs, r => Assert.InRange(r.Breach(SimulatedRule.AnytimeWorseThanStable) ?? double.PositiveInfinity, 0, 180));
    }

    [Fact]
    public void Healthy_canaries_with_traffic_show_within_thresholds()
    {
        var fast = Simulate(SimulatedRung.Healthy(100, TimeSpan.FromMinutes(3)), 20, 50_000, stopAtBreach: false);
        Assert.All(fast, r => Assert.InRange(r.Within(SimulatedRule.Anytime) ?? double.PositiveInfinity, 0, 90));
        var slow = Simulate(SimulatedRung.Healthy(10), 20, 60_000, stopAtBreach: false);
        var times = slow.Select(r => r.Within(SimulatedRule.Anytime) ?? double.PositiveInfinity).Order().ToList();
        Assert.InRange(times[times.Count / 2], 0, 8 * 60);
    }

    [Fact]
    public void The_simulation_is_deterministic()
    {
        var simulator = new EvidenceSimulator(SimulatedRung.Regressed(10, 2.0, 0), EngineParameters.Default, EvidenceParameters.Default);
        var first = simulator.Run(7, stopAtBreach: true);
        var second = simulator.Run(7, stopAtBreach: true);
        Assert.Equal(first.FirstBreach, second.FirstBreach);
        Assert.Equal(first.FirstWithin, second.FirstWithin);
    }

    [Fact]
    public void The_Poisson_draws_have_the_right_mean_and_variance()
    {
        var random = new Random(3);
        foreach (var mean in new[] { 0.3, 4.0, 25.0, 900.0 })
        {
            var draws = Enumerable.Range(0, 20_000).Select(_ => Poisson.Sample(random, mean)).ToArray();
            var average = draws.Average();
            var variance = draws.Select(d => (d - average) * (d - average)).Sum() / (draws.Length - 1);
            // 5 standard errors: the mean's is √(mean/20000); the variance's about mean·√(2/20000).
            Assert.InRange(average, mean - 5 * Math.Sqrt(mean / 20_000), mean + 5 * Math.Sqrt(mean / 20_000));
            Assert.InRange(variance, mean * (1 - 5 * Math.Sqrt(2.0 / 20_000)) - 0.01, mean * (1 + 5 * Math.Sqrt(2.0 / 20_000)) + 0.01);
        }
        Assert.Equal(0.9750021048517795, Normal.Cdf(1.96), 14);
        Assert.Equal(2.866515718791939e-07, Normal.Cdf(-5), 1e-20);
    }
}
