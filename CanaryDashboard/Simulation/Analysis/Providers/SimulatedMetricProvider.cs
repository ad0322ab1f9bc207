using System.Text.Json.Nodes;
using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Analysis.Conditions;
using CanaryDashboard.Simulation.Analysis.Runs;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Controller;
using CanaryDashboard.Simulation.Workload;

namespace CanaryDashboard.Simulation.Analysis.Providers;

/// <summary>
/// This simulation's own provider, <c>provider: {simulated: {}}</c> (not an Argo provider): the
/// weight engine on the simulated workload of a rollout — <c>simulated.namespace</c>/<c>simulated.rollout</c>
/// when set, otherwise the Rollout that owns the run. The result is what <c>/analyze</c> would
/// answer, <c>{"status": "proceed"|"breach"|"insufficient-data", "weight": …, "reason": …}</c>. A metric
/// with conditions is judged by them, like any provider's result; without conditions the verdict
/// decides: breach is Failed, insufficient data Inconclusive, proceed Successful. The engine parameters
/// come from <paramref name="parameters"/>: the host (the app) passes its parameter resolver's answer,
/// so the simulated analysis judges with what the poller and <c>/analyze</c> use, while the simulation
/// itself depends on no app service.
/// </summary>
public sealed class SimulatedMetricProvider(ObjectStore store, SimulatedWorkload workload, TimeProvider time,
    Func<RolloutKey, EngineParameters> parameters) : IMetricProvider
{
    public string Type => "Simulated";

    public Task<Measurement> RunAsync(JsonObject run, MetricSpec metric, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var measurement = new Measurement("", now);
        var options = metric.Provider[MetricProviders.Simulated] as JsonObject ?? [];
        var ns = Json.Str(options["namespace"]) ?? Json.Namespace(run);
        var name = Json.Str(options["rollout"]) ?? OwningRollout(run);
        if (name is null)
            return Task.FromResult(measurement.AsError("the simulated provider measures a rollout: set provider.simulated.rollout, or run the analysis from a Rollout", now));
        if (store.Get(ResourceCatalog.Rollouts, ns, name) is not { } rollout)
            return Task.FromResult(measurement.AsError($"rollout {ns}/{name} not found in the simulated cluster", now));

        var key = new RolloutKey(ns, name);
        var scenario = workload.ScenarioOf(key, Json.Str(rollout["metadata"]?["annotations"]?[SimulatedWorkload.ScenarioAnnotation]));
        var sample = workload.Sample(key, scenario, RolloutTraffic.ShapeOf(store, rollout), now);
        var engine = WeightEngine.Evaluate(new EngineInputs(sample.Canary.P99Seconds, sample.Stable.P99Seconds,
            sample.Canary.ErrorRate, sample.Stable.ErrorRate, sample.Canary.Requests, sample.Stable.Requests), parameters(key));
        var result = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["status"] = engine.Verdict switch { Verdict.Proceed => "proceed", Verdict.Breach => "breach", _ => "insufficient-data" },
            ["weight"] = engine.SafeWeight,
            ["reason"] = engine.Reason,
        };

        string phase;
        if (string.IsNullOrEmpty(metric.SuccessCondition) && string.IsNullOrEmpty(metric.FailureCondition))
        {
            phase = engine.Verdict switch
            {
                Verdict.Breach => AnalysisPhase.Failed,
                Verdict.InsufficientData => AnalysisPhase.Inconclusive,
                _ => AnalysisPhase.Successful,
            };
        }
        else
        {
            var outcome = ConditionEvaluator.Evaluate(result, metric.SuccessCondition, metric.FailureCondition);
            if (outcome.Error is { } error)
                return Task.FromResult(measurement.AsError(error, now));
            phase = outcome.Phase;
        }
        return Task.FromResult(measurement with { Phase = phase, Value = GoJson.Marshal(result), FinishedAt = now });
    }

    private static string? OwningRollout(JsonObject run) =>
        (run["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(o => Json.Str(o["kind"]) == "Rollout") is { } owner ? Json.Str(owner["name"]) : null;
}
