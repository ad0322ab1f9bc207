using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis.Providers;
using CanaryDashboard.Simulation.Analysis.Runs;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Analysis;

/// <summary>
/// One reconcile of one AnalysisRun, as Argo's analysis controller does it
/// (analysis/analysis.go <c>reconcileAnalysisRun</c>): resolve <c>{{args.…}}</c> in the metrics,
/// validate them, take the measurements that are due (<see cref="MetricTasks"/>) through their
/// providers, count them, assess each metric and the run (<see cref="RunAssessment"/>), trim the
/// measurements kept per metric (10, or <c>measurementRetention</c>). Completed runs are left as
/// they are. Pure over the JSON: the caller stores the result (the rollout controller's
/// <see cref="AnalysisController"/>; an experiment step can use it the same way).
/// </summary>
public sealed class AnalysisRunReconciler(MetricProviders providers)
{
    /// <summary>analysis.go <c>DefaultMeasurementHistoryLimit</c>.</summary>
    public const int DefaultMeasurementHistoryLimit = 10;

    /// <summary>Returns a copy of <paramref name="run"/> with its new <c>status</c>; <paramref name="now"/> is the reconcile's instant.</summary>
    public async Task<JsonObject> ReconcileAsync(JsonObject run, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var result = run.DeepClone().AsObject();
        var status = RunStatus.FromJson(result["status"] as JsonObject);
        if (AnalysisPhase.Completed(status.Phase))
            return result;   // (Argo would also garbage-collect it after spec.ttlStrategy: not modelled)

        var spec = result["spec"] as JsonObject ?? [];
        var terminate = Json.Bool(spec["terminate"]) == true;
        var args = MetricArgs.Read(spec["args"]);
        var templates = (spec["metrics"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];

        List<MetricSpec> metrics;
        try
        {
            var placeholders = MetricArgs.WithoutSecrets(args);
            metrics = templates.Select(m => new MetricSpec(MetricArgs.Resolve(m, placeholders))).ToList();
        }
        catch (FormatException e)
        {
            return Errored(result, status, $"Unable to resolve metric arguments: {e.Message}");
        }
        if (MetricValidation.Validate(metrics) is { } invalid)
            return Errored(result, status, $"Analysis spec invalid: {invalid}");
        Dictionary<string, bool> dryRun;
        Dictionary<string, int> retention;
        try
        {
            dryRun = MetricRules.DryRun(spec["dryRun"], metrics);
            retention = MetricRules.MeasurementRetention(spec["measurementRetention"], metrics);
        }
        catch (FormatException e)
        {
            return Errored(result, status, $"Analysis spec invalid: {e.Message}");
        }

        var tasks = MetricTasks.Generate(status, terminate, metrics, now);
        List<MetricSpec> measured;
        try
        {
            var real = MetricArgs.WithSecrets(args);
            measured = tasks.Select(t => new MetricSpec(MetricArgs.Resolve(templates[metrics.IndexOf(t.Metric)], real))).ToList();
        }
        catch (FormatException e)
        {
            return Errored(result, status, $"Unable to resolve metric arguments: {e.Message}");
        }

        var terminating = status.IsTerminating(terminate);
        var measurements = await Task.WhenAll(tasks.Select((t, i) => MeasureAsync(result, measured[i], t.Incomplete, terminating, now, cancellationToken)))
            .ConfigureAwait(false);
        for (var i = 0; i < tasks.Count; i++)
            Record(status, measured[i], tasks[i].Incomplete, measurements[i], dryRun, now);

        var (phase, message) = RunAssessment.Assess(status, metrics, dryRun, terminate, now);
        if (phase != status.Phase)
        {
            status.Phase = phase;
            status.Message = message;
            if (AnalysisPhase.Completed(phase))
                status.CompletedAt ??= now;
        }
        TrimMeasurements(status, metrics, retention);
        result["status"] = status.ToJson();
        return result;
    }

    private readonly record struct Taken(Measurement Measurement, JsonObject? Metadata);

    /// <summary>analysis.go <c>runMeasurements</c> for one task: a provider that cannot be built gives an Error measurement.</summary>
    private async Task<Taken> MeasureAsync(JsonObject run, MetricSpec metric, Measurement? incomplete, bool terminating, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        IMetricProvider provider;
        try
        {
            provider = providers.Create(metric);
        }
        catch (MetricProviderException e)
        {
            return new Taken((incomplete ?? new Measurement("", now)) with { Phase = AnalysisPhase.Error, Message = e.Message }, null);
        }
        Measurement measurement;
        if (incomplete is null)
        {
            try
            {
                measurement = await provider.RunAsync(run, metric, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                measurement = new Measurement(AnalysisPhase.Error, now, now, Message: e.Message);
            }
        }
        else if (terminating)
        {
            measurement = provider.Terminate(run, metric, incomplete);
            if (measurement.Phase is AnalysisPhase.Successful or AnalysisPhase.Inconclusive)
                measurement = measurement with { Message = "Metric Terminated" };
        }
        else
        {
            measurement = provider.Resume(run, metric, incomplete);
        }
        return new Taken(measurement, provider.Metadata(metric));
    }

    /// <summary>Counts a completed measurement and appends it (or replaces the one it finished).</summary>
    private static void Record(RunStatus status, MetricSpec metric, Measurement? incomplete, Taken taken, IReadOnlyDictionary<string, bool> dryRun,
        DateTimeOffset now)
    {
        var measurement = taken.Measurement;
        var result = status.Result(metric.Name) ?? new MetricResult
        {
            Name = metric.Name,
            Phase = AnalysisPhase.Running,
            DryRun = dryRun.GetValueOrDefault(metric.Name),
            Metadata = taken.Metadata,
        };
        if (AnalysisPhase.Completed(measurement.Phase))
        {
            measurement = measurement with { FinishedAt = measurement.FinishedAt ?? now };
            result.Record(measurement.Phase);
        }
        if (incomplete is null)
            result.Measurements.Add(measurement);
        else
            result.Measurements[^1] = measurement;
        status.SetResult(result);
    }

    /// <summary>analysis.go <c>garbageCollectMeasurements</c>: keep the newest N (a metric whose provider cannot be built is not trimmed, as in Argo).</summary>
    private void TrimMeasurements(RunStatus status, IReadOnlyList<MetricSpec> metrics, IReadOnlyDictionary<string, int> retention)
    {
        foreach (var result in status.MetricResults)
        {
            var limit = retention.GetValueOrDefault(result.Name) is > 0 and var kept ? kept : DefaultMeasurementHistoryLimit;
            if (result.Measurements.Count <= limit || metrics.FirstOrDefault(m => m.Name == result.Name) is not { } metric)
                continue;
            try
            {
                providers.Create(metric);
            }
            catch (MetricProviderException)
            {
                continue;
            }
            result.Measurements = result.Measurements[^limit..];
        }
    }

    /// <summary>The run cannot be reconciled at all: Error with the reason (analysis.go sets only phase and message).</summary>
    private static JsonObject Errored(JsonObject run, RunStatus status, string message)
    {
        status.Phase = AnalysisPhase.Error;
        status.Message = message;
        run["status"] = status.ToJson();
        return run;
    }
}
