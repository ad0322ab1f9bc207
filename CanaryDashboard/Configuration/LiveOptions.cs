namespace CanaryDashboard.Configuration;

/// <summary>The in-memory live store that browser pages subscribe to.</summary>
public sealed class LiveOptions
{
    /// <summary>Recent samples kept in memory per rollout. Default 720 (one hour at a 5 s poll).</summary>
    public int SampleBufferCapacity { get; set; } = 720;

    /// <summary>
    /// The shortest time between two callbacks of one subscriber. Default 100 ms: a browser page
    /// re-renders at most ten times a second however often the poller publishes.
    /// </summary>
    public TimeSpan MinNotifyInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
