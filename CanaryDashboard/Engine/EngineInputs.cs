namespace CanaryDashboard.Engine;

/// <summary>
/// What the engine needs about one canary, for the same window: p99 latency (seconds), error
/// rate (fraction of requests) and the number of requests served, for canary and stable.
/// <c>null</c> means the source had no value.
/// </summary>
public sealed record EngineInputs(
    double? CanaryP99,
    double? StableP99,
    double? CanaryErrorRate,
    double? StableErrorRate,
    double? CanaryRequests,
    double? StableRequests);
