using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Live;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;

namespace CanaryDashboard.E2E.Infrastructure;

/// <summary>
/// Publishes engine samples into the app's live store the way the control loop does (the store is
/// the pages' input), with numbers from the real engine: a canary climbing the ladder, a latency
/// regression building up to a breach.
/// </summary>
internal static class EngineFeed
{
    public static LiveSample Sample(DateTimeOffset at, double canaryP99, double canaryErrors, double weight, int setWeight, double poolOpen = 120)
    {
        // Pools as the simulator reports them for 10 pods at 20 %: 2 canary and 8 stable pods of 100 connections.
        var canary = new VersionMetrics(canaryP99, canaryErrors, 40, 12_000, new PoolGauges(200, Math.Max(0, 200 - poolOpen), 200));
        var stable = new VersionMetrics(0.100, 0.001, 160, 48_000, new PoolGauges(800, 320, 800));
        var engine = WeightEngine.Evaluate(new EngineInputs(canaryP99, 0.100, canaryErrors, 0.001, 12_000, 48_000), EngineParameters.Default);
        return new LiveSample(at, canary, stable, engine, weight, setWeight, null, 16);
    }

    /// <summary>An hour of history, one sample a minute: the canary at 5, 10 then 20 %, p99 wobbling around +5 %, one short latency spike (a breach) at minute 45.</summary>
    public static void PublishHistory(LiveRolloutStore store, RolloutKey key, DateTimeOffset now, int minutes = 60, bool evidence = false)
    {
        for (var m = minutes; m >= 1; m--)
        {
            var i = minutes - m;
            var weight = i < 20 ? 5 : i < 40 ? 10 : 20;
            var p99 = 0.105 + 0.006 * Math.Sin(i / 6.0) + (i is >= 44 and <= 46 ? 0.020 : 0);
            var errors = 0.001 + 0.0004 * Math.Abs(Math.Sin(i / 4.0));
            var sample = Sample(now.AddMinutes(-m), p99, errors, weight, weight, poolOpen: 100 + i * 1.2);   // connections in use, growing with the canary's share
            if (evidence)
                sample = WithEvidence(sample, i % 20 + 1, p99 / 0.100);
            store.Update(new LiveRolloutState(key, null, sample,
                new DecisionSummary(sample.At, "advance-after-n-polls", "hold", "recorded", i % 3, 3, weight)));
        }
    }

    /// <summary>
    /// The evidence the poller would weigh <paramref name="minutesOnRung"/> minutes into a rung at
    /// 2 canary requests a second (stable 9×): few requests early on (wide intervals, an unbounded
    /// p99 end on the first minutes), narrower as the rung goes on.
    /// </summary>
    public static LiveSample WithEvidence(LiveSample sample, int minutesOnRung, double slowdown)
    {
        var canaryRequests = 120.0 * minutesOnRung;
        var counts = new EvidenceInputs(
            Counts(canaryRequests, canaryRequests * 0.001, slowdown), Counts(canaryRequests * 9, canaryRequests * 9 * 0.001, 1),
            TimeSpan.FromMinutes(minutesOnRung));
        return sample with
        {
            Evidence = EvidenceEngine.Assess(counts, EngineParameters.Default),
            EvidenceSince = sample.At.AddMinutes(-minutesOnRung),
            Counts = counts,
        };
    }

    /// <summary>Log-normal latency, median 100 ms × <paramref name="slowdown"/>, p99 ≈ 400 ms × it, on Prometheus' default buckets.</summary>
    private static VersionCounts Counts(double requests, double errors, double slowdown)
    {
        double[] bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
        var sigma = Math.Log(4) / 2.326;
        var cumulative = bounds.Select(b => requests * NormalCdf(Math.Log(b / (0.1 * slowdown)) / sigma)).ToArray();
        return new VersionCounts(requests, errors, LatencyHistogram.TryFromSorted(bounds, cumulative, requests, out _));
    }

    /// <summary>Φ by the Abramowitz–Stegun 7.1.26 erf (error below 1.5e-7): plenty for a test's shape.</summary>
    private static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.3275911 * x);
        var erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
