namespace CanaryDashboard.Simulation.Analysis.Runs;

/// <summary>
/// The phase and message of a whole run, as analysis/analysis.go <c>assessRunStatus</c>: each
/// metric's phase is brought up to date (its message becomes its last measurement's); the run is
/// Running while any metric is not completed, then takes the worst completed phase in Argo's
/// order (Successful &lt; Running &lt; Pending &lt; Inconclusive &lt; Error &lt; Failed) with the message
/// <c>Metric "m" assessed Failed due to failed (1) &gt; failureLimit (0)</c>. Dry-run metrics are
/// counted apart and never make the run worse. A terminating run ends at once (Successful when no
/// metric completed, with the message <c>Run Terminated</c> when it was asked to stop).
/// </summary>
public static class RunAssessment
{
    public static (string Phase, string Message) Assess(RunStatus status, IReadOnlyList<MetricSpec> metrics,
        IReadOnlyDictionary<string, bool> dryRun, bool terminate, DateTimeOffset now)
    {
        var terminating = status.IsTerminating(terminate);
        status.StartedAt ??= now;
        var worstStatus = "";
        var worstMessage = terminate ? "Run Terminated" : "";
        var everythingCompleted = true;
        var summary = new RunSummary();
        var dryRunSummary = new RunSummary();

        foreach (var metric in metrics)
        {
            var isDryRun = dryRun.GetValueOrDefault(metric.Name);
            if (isDryRun) dryRunSummary = dryRunSummary with { Count = dryRunSummary.Count + 1 };
            else summary = summary with { Count = summary.Count + 1 };

            if (status.Result(metric.Name) is not { } result)
            {
                everythingCompleted = false;   // not started yet (e.g. still in its initial delay)
                continue;
            }
            var metricStatus = MetricAssessment.Assess(metric, result, terminating);
            if (result.Phase != metricStatus)
            {
                if (result.LastMeasurement is { } last)
                    result.Message = last.Message;
                result.Phase = metricStatus;
            }
            if (!AnalysisPhase.Completed(metricStatus))
            {
                everythingCompleted = false;
                continue;
            }

            var (phase, message) = MetricAssessment.FailureInconclusiveOrError(metric, result);
            if (!isDryRun)
            {
                if (worstStatus == "" || AnalysisPhase.IsWorse(worstStatus, metricStatus))
                {
                    worstStatus = metricStatus;
                    if (message != "")
                    {
                        worstMessage = $"Metric \"{metric.Name}\" assessed {metricStatus} due to {message}";
                        if (!string.IsNullOrEmpty(result.Message))
                            worstMessage += $": \"Error Message: {result.Message}\"";
                    }
                }
                summary = Add(summary, phase);
            }
            else
            {
                if (worstStatus == "")
                    worstStatus = AnalysisPhase.Successful;
                if (message != "")
                    result.Message = $"Metric assessed {metricStatus} due to {message}";
                dryRunSummary = Add(dryRunSummary, phase);
            }
        }

        worstMessage = worstMessage.Trim();
        status.Summary = summary;
        status.DryRunSummary = dryRunSummary;
        if (terminating)
            return (worstStatus == "" ? AnalysisPhase.Successful : worstStatus, worstMessage);
        if (!everythingCompleted || worstStatus == "")
            return (AnalysisPhase.Running, "");
        return (worstStatus, worstMessage);
    }

    private static RunSummary Add(RunSummary summary, string? phase) => phase switch
    {
        AnalysisPhase.Error => summary with { Error = summary.Error + 1 },
        AnalysisPhase.Failed => summary with { Failed = summary.Failed + 1 },
        AnalysisPhase.Inconclusive => summary with { Inconclusive = summary.Inconclusive + 1 },
        _ => summary with { Successful = summary.Successful + 1 },
    };
}
