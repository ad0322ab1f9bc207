namespace CanaryDashboard.Simulation.Analysis.Runs;

/// <summary>A metric to measure in this reconcile, with the measurement still in flight it resumes (if any).</summary>
public sealed record MetricTask(MetricSpec Metric, Measurement? Incomplete);

/// <summary>
/// Which metrics are due, as analysis/analysis.go <c>generateMetricTasks</c>: none once a metric
/// completed or the run is terminating (except to finish a measurement in flight); the first one
/// at once, or after <c>initialDelay</c> from the run's <c>startedAt</c>; then one per
/// <c>interval</c> after the last one finished — or <see cref="DefaultErrorRetryInterval"/> after
/// an Error (also when no interval is set) — until the effective count is reached.
/// Times compare strictly (<c>now.After(finishedAt + interval)</c>), on second-precision timestamps.
/// </summary>
public static class MetricTasks
{
    /// <summary>analysis.go <c>DefaultErrorRetryInterval</c>.</summary>
    public static readonly TimeSpan DefaultErrorRetryInterval = TimeSpan.FromSeconds(10);

    public static List<MetricTask> Generate(RunStatus status, bool terminate, IReadOnlyList<MetricSpec> metrics, DateTimeOffset now)
    {
        var tasks = new List<MetricTask>();
        var terminating = status.IsTerminating(terminate);
        foreach (var metric in metrics)
        {
            if (status.MetricCompleted(metric.Name))
                continue;
            var result = status.Result(metric.Name);
            var last = result?.LastMeasurement;
            if (last is { FinishedAt: null })
            {
                if (!terminating && last.ResumeAt is { } resumeAt && resumeAt > now)
                    continue;
                tasks.Add(new MetricTask(metric, last));   // finish (or terminate) the one in flight
                continue;
            }
            if (terminating)
                continue;
            if (last is null)
            {
                if (metric.InitialDelay.Length > 0)
                {
                    if (status.StartedAt is not { } started || !GoDuration.TryParse(metric.InitialDelay, out var delay, out _))
                        continue;
                    if (started + delay > now)
                        continue;   // waiting for the initial delay
                }
                tasks.Add(new MetricTask(metric, null));
                continue;
            }
            if (metric.EffectiveCount is { } count && result!.Count >= count)
                continue;
            var interval = DefaultErrorRetryInterval;
            if (last.Phase != AnalysisPhase.Error && metric.Interval.Length > 0)
            {
                if (!GoDuration.TryParse(metric.Interval, out interval, out _))
                    continue;
            }
            if (now > last.FinishedAt!.Value + interval)
                tasks.Add(new MetricTask(metric, null));
        }
        return tasks;
    }
}
