namespace CanaryDashboard.Engine.Evidence;

/// <summary>What the evidence shows at one look.</summary>
public enum EvidenceVerdict
{
    /// <summary>Neither shown yet (or no usable data): hold. Never a reason to abort, never one to advance.</summary>
    Insufficient,
    /// <summary>Evidence, at the configured confidence, that every delta is within its threshold: advancing is allowed.</summary>
    WithinThreshold,
    /// <summary>Evidence, at the configured confidence, that a delta exceeds its threshold.</summary>
    Breach,
}

/// <summary>What counts as evidence of a breach.</summary>
public enum BreachRule
{
    /// <summary>
    /// The whole interval is above the threshold. A canary within both thresholds is aborted with
    /// probability at most 1 − confidence over the whole rung, however often one looks. The default.
    /// </summary>
    IntervalAboveThreshold,

    /// <summary>
    /// The interval is above 0 (the canary is worse than stable, at the confidence) and the point
    /// estimate is above the threshold. Much faster on gross regressions (see the engine's README),
    /// but the guarantee covers only canaries no worse than stable: one that is worse yet within
    /// the threshold can be aborted when its estimate overshoots.
    /// </summary>
    WorseThanStableAndEstimateAboveThreshold,
}
