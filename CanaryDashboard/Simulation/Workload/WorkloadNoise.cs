using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Controller;

namespace CanaryDashboard.Simulation.Workload;

/// <summary>
/// Deterministic pseudo-random noise for one rollout and version, keyed by when it applies
/// (a 10-second bucket for rate-window samples, the window's start for counts).
/// </summary>
internal readonly struct WorkloadNoise(int seed, RolloutKey rollout, string version, string key)
{
    private readonly uint _state = PodTemplateHash.Fnv1a($"{seed}|{rollout}|{version}|{key}");

    /// <summary>A multiplier around 1 with roughly the given relative spread (at most 1.73 spreads away).</summary>
    public double Factor(double spread) => 1 + spread * Centered(0);

    /// <summary>An additive offset around 0 with roughly the given spread (at most 1.73 spreads away).</summary>
    public double Offset(double spread) => spread * Centered(1);

    // Sum of three uniforms in [-1, 1], scaled to about one standard deviation.
    private double Centered(int stream)
    {
        var random = new Random((int)(_state ^ (uint)(stream * 7919)));
        return (random.NextDouble() * 2 - 1 + random.NextDouble() * 2 - 1 + random.NextDouble() * 2 - 1) / 1.73;
    }
}
