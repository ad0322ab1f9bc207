using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis.Providers;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Workload;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanaryDashboard.Simulation.Analysis;

/// <summary>
/// The simulated cluster's analysis controller (Argo's analysis/controller.go): every pass
/// reconciles each AnalysisRun that has not completed, whoever created it (a Rollout, an
/// Experiment, kubectl), and writes back its <c>status</c>. Measurements run outside the store's
/// lock — a web metric may call this very app, whose <c>/analyze</c> reads the store — and in
/// parallel, as Argo's worker goroutines do.
/// </summary>
public sealed class AnalysisController : IDisposable
{
    private readonly ObjectStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AnalysisController(ObjectStore store, SimulatedWorkload workload, TimeProvider time, ILogger? logger = null, HttpMessageHandler? httpHandler = null)
    {
        _store = store;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        Http = new LoopbackHttp(httpHandler);
        Providers = new MetricProviders(Dns, Http, store, workload, time);
        Reconciler = new AnalysisRunReconciler(Providers);
    }

    /// <summary>Host names the web provider can call (all of them on loopback).</summary>
    public ClusterDns Dns { get; } = new();

    public LoopbackHttp Http { get; }

    public MetricProviders Providers { get; }

    public AnalysisRunReconciler Reconciler { get; }

    /// <summary>Reconciles every AnalysisRun not yet completed; returns how many changed their status.</summary>
    public async Task<int> ReconcileAllAsync(CancellationToken cancellationToken = default)
    {
        var runs = _store.All(ResourceCatalog.AnalysisRuns)
            .Where(r => !AnalysisPhase.Completed(Json.Str(r["status"]?["phase"])))
            .ToList();
        if (runs.Count == 0)
            return 0;
        var now = _time.GetUtcNow();
        var changed = await Task.WhenAll(runs.Select(r => ReconcileAsync(r, now, cancellationToken))).ConfigureAwait(false);
        return changed.Count(c => c);
    }

    private async Task<bool> ReconcileAsync(JsonObject run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ns = Json.Namespace(run);
        var name = Json.Name(run);
        try
        {
            var reconciled = await Reconciler.ReconcileAsync(run, now, cancellationToken).ConfigureAwait(false);
            if (JsonNode.DeepEquals(run["status"], reconciled["status"]))
                return false;
            var uid = Json.Str(run["metadata"]?["uid"]);
            _store.Update(ResourceCatalog.AnalysisRuns, ns, name, current =>
            {
                if (Json.Str(current["metadata"]?["uid"]) == uid)   // not a new run under the same name meanwhile
                    current["status"] = reconciled["status"]!.DeepClone();
                return current;
            });
            return true;
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return false;   // deleted while it was measured
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(e, "Simulated analysis controller could not reconcile AnalysisRun {Namespace}/{Name}", ns, name);
            return false;
        }
    }

    public void Dispose() => Http.Dispose();
}
