namespace CanaryDashboard.Configuration;

/// <summary>How <c>/analyze</c> answers Argo's web metric provider.</summary>
public sealed class AnalyzeOptions
{
    /// <summary>Our own deadline; kept under the provider's 10 s default so we answer before it gives up.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// HTTP status for "insufficient data". 200 (the default) with weight 0 makes <c>result &gt; 0</c>
    /// fail at once; 503 makes Argo count an Error instead and retry (it fails the run after 5 in a row).
    /// </summary>
    public int InsufficientDataStatusCode { get; set; } = 200;
}
