namespace CanaryDashboard.Engine;

/// <summary>What the engine concluded for one sample.</summary>
public enum Verdict
{
    /// <summary>No threshold breached: the canary may run at <see cref="EngineResult.Weight"/>.</summary>
    Proceed,
    /// <summary>A delta is above its threshold: the circuit breaker opens.</summary>
    Breach,
    /// <summary>Missing, invalid or too little data: hold, never promote.</summary>
    InsufficientData,
}

/// <summary>
/// The engine's full reasoning for one sample. On <see cref="Verdict.InsufficientData"/> the
/// penalties, safety factor and weight are <c>null</c> (never a weight without trustworthy data);
/// each delta is still given when its own inputs allowed computing it.
/// </summary>
public sealed record EngineResult(
    Verdict Verdict,
    double? LatencyDelta,
    double? ErrorDelta,
    double? LatencyPenalty,
    double? ErrorPenalty,
    double? SafetyFactor,
    double? Weight,
    bool Clamped,
    string Reason)
{
    /// <summary>The weight it is safe to run at: the interpolated weight on proceed, 0 otherwise.</summary>
    public double SafeWeight => Verdict == Verdict.Proceed && Weight is { } w ? w : 0;
}
