using CanaryDashboard.Engine;
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
    public static void PublishHistory(LiveRolloutStore store, RolloutKey key, DateTimeOffset now, int minutes = 60)
    {
        for (var m = minutes; m >= 1; m--)
        {
            var i = minutes - m;
            var weight = i < 20 ? 5 : i < 40 ? 10 : 20;
            var p99 = 0.105 + 0.006 * Math.Sin(i / 6.0) + (i is >= 44 and <= 46 ? 0.020 : 0);
            var errors = 0.001 + 0.0004 * Math.Abs(Math.Sin(i / 4.0));
            var sample = Sample(now.AddMinutes(-m), p99, errors, weight, weight, poolOpen: 100 + i * 1.2);   // connections in use, growing with the canary's share
            store.Update(new LiveRolloutState(key, null, sample,
                new DecisionSummary(sample.At, "advance-after-n-polls", "hold", "recorded", i % 3, 3, weight)));
        }
    }
}
