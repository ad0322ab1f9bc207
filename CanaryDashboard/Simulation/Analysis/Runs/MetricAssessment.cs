namespace CanaryDashboard.Simulation.Analysis.Runs;

/// <summary>
/// The phase of one metric from its counters and its limits, as analysis/analysis.go
/// <c>assessMetricStatus</c> and <c>assessMetricFailureInconclusiveOrError</c>:
/// failed &gt; failureLimit (default 0; −1 disables it) is Failed, inconclusive &gt; inconclusiveLimit
/// (default 0) is Inconclusive, consecutiveError &gt; consecutiveErrorLimit (default 4) is Error —
/// the later test wins when several hold; then consecutiveSuccessLimit reached is Successful;
/// then the effective count reached ends the metric; otherwise it runs on (Successful once the
/// run is terminating).
/// </summary>
public static class MetricAssessment
{
    public static string Assess(MetricSpec metric, MetricResult result, bool terminating)
    {
        if (AnalysisPhase.Completed(result.Phase))
            return result.Phase;
        if (result.Measurements.Count == 0)
            return terminating ? AnalysisPhase.Successful : AnalysisPhase.Pending;   // told to stop before the first measurement
        if (!AnalysisPhase.Completed(result.Measurements[^1].Phase))
            return AnalysisPhase.Running;                                              // a measurement is still in flight

        if (FailureInconclusiveOrError(metric, result).Phase is { } ended)
            return ended;

        var successLimit = metric.ConsecutiveSuccessLimit ?? 0;
        if (successLimit > 0 && result.ConsecutiveSuccess >= successLimit)
            return AnalysisPhase.Successful;

        if (metric.EffectiveCount is { } count && result.Count >= count)
        {
            var failureApplicable = metric.FailureLimit is null || metric.FailureLimit >= 0;
            var successApplicable = successLimit > 0;
            if (failureApplicable && successApplicable)
                return AnalysisPhase.Inconclusive;   // neither the success streak nor the failure limit was reached
            if (successApplicable)
                return AnalysisPhase.Failed;         // only the success streak counted, and it was not reached
            return AnalysisPhase.Successful;
        }
        // No count: the metric runs until the run is terminated.
        return terminating ? AnalysisPhase.Successful : AnalysisPhase.Running;
    }

    /// <summary>assessMetricFailureInconclusiveOrError: the limit a metric crossed, and the message Argo gives it.</summary>
    public static (string? Phase, string Message) FailureInconclusiveOrError(MetricSpec metric, MetricResult result)
    {
        string? phase = null;
        var message = "";
        var failureLimit = metric.EffectiveFailureLimit;
        if (failureLimit >= 0 && result.Failed > failureLimit)
        {
            phase = AnalysisPhase.Failed;
            message = $"failed ({result.Failed}) > failureLimit ({failureLimit})";
        }
        var inconclusiveLimit = metric.EffectiveInconclusiveLimit;
        if (result.Inconclusive > inconclusiveLimit)
        {
            phase = AnalysisPhase.Inconclusive;
            message = $"inconclusive ({result.Inconclusive}) > inconclusiveLimit ({inconclusiveLimit})";
        }
        var errorLimit = metric.EffectiveConsecutiveErrorLimit;
        if (result.ConsecutiveError > errorLimit)
        {
            phase = AnalysisPhase.Error;
            message = $"consecutiveErrors ({result.ConsecutiveError}) > consecutiveErrorLimit ({errorLimit})";
        }
        return (phase, message);
    }
}
