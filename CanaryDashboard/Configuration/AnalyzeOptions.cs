namespace CanaryDashboard.Configuration;

/// <summary>How <c>/analyze</c> answers Argo's web metric provider.</summary>
public sealed class AnalyzeOptions
{
    /// <summary>Our own deadline; kept under the provider's 10 s default so we answer before it gives up.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How old the control loop's latest look at a rollout may be for <c>/analyze</c> to answer with it
    /// (the same evidence, one verdict whoever asks); older, or polling off, and <c>/analyze</c> reads the
    /// metrics itself. Default 15 s: several polls at the default 2 s interval, well inside Argo's 10 s provider timeout budget.
    /// </summary>
    public TimeSpan MaxEvidenceAge { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Removed setting, read only to refuse it. It let insufficient data answer 503; every
    /// <c>/analyze</c> answer is now a 200 whose status the shipped template counts Inconclusive
    /// unless it is a verdict (a 503 is an Error in Argo, and five in a row abort the rollout). 200,
    /// what it used to default to, is accepted and changes nothing; anything else stops start-up.
    /// </summary>
    public int? InsufficientDataStatusCode { get; set; }
}
