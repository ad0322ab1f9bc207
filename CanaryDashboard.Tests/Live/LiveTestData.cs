using CanaryDashboard.Engine;
using CanaryDashboard.Live;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;

namespace CanaryDashboard.Tests.Live;

/// <summary>Builds live states whose numbers come from the real engine, as the poller's will.</summary>
internal static class LiveTestData
{
    private static readonly EngineParameters Parameters = new();

    public static LiveSample Sample(DateTimeOffset at, double canaryP99 = 0.110, double stableP99 = 0.100,
        double canaryErrors = 0.001, double stableErrors = 0.001, double actualWeight = 20, int setWeight = 20)
    {
        var canary = new VersionMetrics(canaryP99, canaryErrors, 50, 15_000, new PoolGauges(40, 10, 100));
        var stable = new VersionMetrics(stableP99, stableErrors, 200, 60_000, new PoolGauges(80, 20, 100));
        var engine = WeightEngine.Evaluate(new EngineInputs(canaryP99, stableP99, canaryErrors, stableErrors, 15_000, 60_000), Parameters);
        return new LiveSample(at, canary, stable, engine, actualWeight, setWeight, 3, 16);
    }

    public static LiveRolloutState State(RolloutKey key, LiveSample? sample, double actualWeight = 20) => new(
        key,
        new RolloutSummary(key.Namespace, key.Name, "Paused", "CanaryPauseStep", "Canary", 3, 16, 20, actualWeight,
            [new RolloutImage($"registry.local/{key.Name}:v2", ["canary"]), new RolloutImage($"registry.local/{key.Name}:v1", ["stable"])]),
        sample,
        new DecisionSummary(sample?.At ?? DateTimeOffset.UnixEpoch, "advance-after-n-polls", "hold", "recorded", 2, 3));

    public static RolloutKey Key(int i) => new("shop", $"rollout-{i:D4}");
}
