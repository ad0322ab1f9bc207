namespace CanaryDashboard.Configuration;

public sealed class PollingOptions
{
    /// <summary>Time between poll cycles. Default 5 s, at least 1 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);
}
