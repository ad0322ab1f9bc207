using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Engine.Evidence;

/// <summary>Power for the tuning studio: consistent with the evidence, monotone, and honest about what cannot be told apart.</summary>
public class EvidencePowerTests
{
    private static readonly EngineParameters Engine = EngineParameters.Default;
    private static readonly LatencyHistogram Shape = EvidenceSimulator.ExpectedHistogram(100_000, 0.1, 0.5);

    [Fact]
    public void An_error_regression_above_the_threshold_shows_as_a_breach()
    {
        var estimate = EvidencePower.ErrorRate(0.005, 0.03, 10, 90, Engine);
        Assert.Equal(EvidenceVerdict.Breach, estimate.Shows);
        var n = estimate.CanaryRequests!.Value;
        Assert.Equal(n / 10, estimate.Time!.Value.TotalSeconds, 6);
        Assert.Equal(0.8, estimate.Power);
        Assert.StartsWith("errors +3.0 pp over 0.5 % shows as a breach of 2 pp after ", estimate.Reason);
        Assert.EndsWith("at 10 req/s), 80 % of the time", estimate.Reason);

        // At n the (1 − power)-quantile canary count breaches; 2 % fewer requests do not (the search stops at 1 %).
        var z = SpecialFunctions.NormalQuantile(0.8);
        Assert.Equal(EvidenceVerdict.Breach, ErrorsAt(n, z));
        Assert.Equal(EvidenceVerdict.Insufficient, ErrorsAt(n / 1.02, z));

        static EvidenceVerdict ErrorsAt(double n, double z)
        {
            var spread = Math.Sqrt(0.035 * 0.965 / n + 0.005 * 0.995 / (9 * n));
            var errors = n * (0.005 + 0.03 - z * spread);
            return ErrorRateAssessor.Assess(new VersionCounts(n, errors, null), new VersionCounts(9 * n, 9 * n * 0.005, null),
                Engine, EvidenceParameters.Default).Verdict;
        }
    }

    [Fact]
    public void Bigger_regressions_need_fewer_requests_and_more_power_needs_more()
    {
        double Requests(double delta, double power = 0.8) => EvidencePower.ErrorRate(0.005, delta, 10, 90, Engine, power: power).CanaryRequests!.Value;
        Assert.True(Requests(0.10) < Requests(0.05) && Requests(0.05) < Requests(0.03));
        Assert.True(Requests(0.03, 0.5) < Requests(0.03, 0.8) && Requests(0.03, 0.8) < Requests(0.03, 0.95));
        double Latency(double delta) => EvidencePower.Latency(Shape, delta, 10, 90, Engine).CanaryRequests!.Value;
        Assert.True(Latency(1.0) < Latency(0.5) && Latency(0.5) < Latency(0.35));
    }

    [Fact]
    public void A_healthy_canary_shows_within_and_a_delta_on_the_threshold_never_shows()
    {
        var healthy = EvidencePower.Latency(Shape, 0, 10, 90, Engine);
        Assert.Equal(EvidenceVerdict.WithinThreshold, healthy.Shows);
        Assert.Contains("p99 0 % shows within 20 % after", healthy.Reason);
        var onThreshold = EvidencePower.ErrorRate(0.005, 0.02, 10, 90, Engine);
        Assert.Equal(EvidenceVerdict.Insufficient, onThreshold.Shows);
        Assert.Null(onThreshold.CanaryRequests);
        Assert.Equal("errors +2.0 pp over 0.5 % sits on the 2 pp threshold: no amount of traffic tells it apart", onThreshold.Reason);
    }

    [Fact]
    public void The_latency_estimate_agrees_with_the_simulated_rung()
    {
        // +35 % p99 at 10 canary req/s (90 stable): the median requests the estimate gives (power 0.5) against the median
        // time the seeded simulation needs to breach (looks every 2 s; the sequence is valid at every look, so it may be earlier).
        var estimate = EvidencePower.Latency(Shape, 0.35, 10, 90, Engine, power: 0.5);
        var simulator = new EvidenceSimulator(SimulatedRung.Regressed(100, 1.35, 0), Engine, EvidenceParameters.Default);
        var times = Enumerable.Range(0, 15).Select(i => simulator.Run(500 + i, stopAtBreach: true).Breach(SimulatedRule.Anytime)!.Value).Order().ToList();
        var simulatedRequests = times[times.Count / 2] * 100;
        Assert.InRange(estimate.CanaryRequests!.Value, simulatedRequests * 0.7, simulatedRequests * 1.6);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => EvidencePower.ErrorRate(0.005, 0.03, 0, 90, Engine));
        Assert.Throws<ArgumentException>(() => EvidencePower.ErrorRate(0.005, 0.03, 10, double.NaN, Engine));
        Assert.Throws<ArgumentException>(() => EvidencePower.ErrorRate(0.99, 0.03, 10, 90, Engine));
        Assert.Throws<ArgumentException>(() => EvidencePower.ErrorRate(0.005, 0.03, 10, 90, Engine, power: 1));
        Assert.Throws<ArgumentException>(() => EvidencePower.Latency(Shape, -1, 10, 90, Engine));
        Assert.Throws<ArgumentException>(() => EvidencePower.Latency(Shape, 0.3, 10, 90, Engine, new EvidenceParameters { Confidence = 2 }));
    }
}
