namespace CanaryDashboard.Model;

/// <summary>What the poller may do for one rollout.</summary>
public enum RolloutPolicy
{
    /// <summary>Record only (the default).</summary>
    Observe,
    /// <summary>Record and show what it would do.</summary>
    Advise,
    /// <summary>Act: advance, hold and abort by itself.</summary>
    Auto,
}
