namespace CanaryDashboard.Simulation.Workload;

/// <summary>A version's service before noise: p99 latency, error rate and connections in use per pod.</summary>
internal readonly record struct ServiceLevel(double P99Seconds, double ErrorRate, double InUsePerPod);

/// <summary>
/// What each <see cref="TrafficScenario"/> does to the canary, at a canary weight and age: shared by
/// the rate-window samples and the window counts, so both tell the same story.
/// </summary>
internal static class ScenarioModel
{
    public static ServiceLevel Stable { get; } =
        new(SimulatedWorkload.StableP99Seconds, SimulatedWorkload.StableErrorRate, SimulatedWorkload.PoolInUsePerPod);

    /// <param name="weightPercent">The canary's share, 0–100.</param>
    /// <param name="canaryAge">How long the canary has run (null: unknown, taken as just started).</param>
    public static ServiceLevel Canary(TrafficScenario scenario, double weightPercent, TimeSpan? canaryAge)
    {
        double p99 = SimulatedWorkload.StableP99Seconds * 1.025, errors = SimulatedWorkload.StableErrorRate + 0.0005;
        var inUsePerPod = SimulatedWorkload.PoolInUsePerPod;
        switch (scenario)
        {
            case TrafficScenario.SlowLatencyRegression:
                var minutes = canaryAge is { } age ? Math.Max(0, age.TotalMinutes) : 0;
                p99 = SimulatedWorkload.StableP99Seconds * (1.04 + 0.25 * Math.Min(1, minutes / 30));
                break;
            case TrafficScenario.PoolExhaustion:
                // Demand per canary pod grows with the canary's share: 90 at 20 %, 105 at 30 %, 135 at 50 %.
                inUsePerPod = 60 + 1.5 * weightPercent;
                var starved = Math.Max(0, inUsePerPod - SimulatedWorkload.PoolMaxPerPod) / inUsePerPod;
                errors += starved;
                p99 += starved > 0 ? 0.250 : 0;   // requests queue for a connection until they time out
                break;
            case TrafficScenario.NoisyButHealthy:
                p99 = SimulatedWorkload.StableP99Seconds;
                errors = SimulatedWorkload.StableErrorRate;
                break;
        }
        return new ServiceLevel(p99, errors, inUsePerPod);
    }

    /// <summary>Whether the canary's service level changes with its age (so counts integrate it slice by slice).</summary>
    public static bool VariesWithAge(TrafficScenario scenario) => scenario == TrafficScenario.SlowLatencyRegression;
}
