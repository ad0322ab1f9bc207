using CanaryDashboard.Engine;
using CanaryDashboard.Live;
using CanaryDashboard.Model;

namespace CanaryDashboard.Tuning;

/// <summary>
/// Where a live rollout stands on the curve: its latest latency and error deltas, and the weight
/// the candidate parameters give them (the engine's, not the live loop's: the point moves with the sliders).
/// </summary>
public sealed record LivePoint(RolloutKey Rollout, DateTimeOffset At, double LatencyDelta, double ErrorDelta, EngineResult Candidate, double? LiveSafeWeight)
{
    /// <summary>The rollout's latest sample under <paramref name="candidate"/>; null when it has none with both deltas.</summary>
    public static LivePoint? From(LiveRolloutState? state, EngineParameters candidate)
    {
        if (state?.Latest is not { } sample || sample.Engine.LatencyDelta is not { } latency || sample.Engine.ErrorDelta is not { } errors)
            return null;
        return new LivePoint(state.Key, sample.At, latency, errors, WeightEngine.EvaluateDeltas(latency, errors, candidate), sample.Engine.SafeWeight);
    }
}
