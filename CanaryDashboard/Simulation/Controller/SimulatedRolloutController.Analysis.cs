using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Controller;

public sealed partial class SimulatedRolloutController
{
    private readonly record struct AnalysisOutcome(bool Done, string? Failed);

    /// <summary>
    /// An analysis step: creates its AnalysisRun (Running), and once the analysis duration has passed
    /// assesses the canary's simulated metrics with the weight engine: Breach → Failed (the rollout
    /// aborts), insufficient data → Inconclusive (the rollout pauses with InconclusiveAnalysisRun
    /// until promoted), otherwise Successful (the step is done).
    /// </summary>
    private AnalysisOutcome RunAnalysisStep(JsonObject rollout, JsonObject status, JsonObject analysis, string hash, long revision, int index,
        DateTimeOffset now)
    {
        var ns = Json.Namespace(rollout);
        var name = Json.Name(rollout);
        var runName = $"{name}-{hash}-{revision}-{index}";
        var run = store.Get(ResourceCatalog.AnalysisRuns, ns, runName) ?? CreateRun(rollout, analysis, runName, hash, revision, index, now);
        var runStatus = run["status"] as JsonObject ?? [];
        var phase = Json.Str(runStatus["phase"]) ?? "Running";
        var metric = Json.Str(run["spec"]?["metrics"]?[0]?["name"]) ?? "canary-safety";

        if (phase == "Running")
        {
            var started = DateTimeOffset.TryParse(Json.Str(runStatus["startedAt"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s : now;
            if (now - started >= analysisDuration)
            {
                phase = Assess(rollout, status, metric, out var measurement, out var reason);
                var finished = Json.Timestamp(now);
                store.Update(ResourceCatalog.AnalysisRuns, ns, runName, current =>
                {
                    current["status"] = new JsonObject
                    {
                        ["phase"] = phase,
                        ["message"] = reason,
                        ["startedAt"] = Json.Str(runStatus["startedAt"]) ?? finished,
                        ["metricResults"] = new JsonArray(new JsonObject
                        {
                            ["name"] = metric,
                            ["phase"] = phase,
                            ["count"] = 1,
                            ["successful"] = phase == "Successful" ? 1 : 0,
                            ["failed"] = phase == "Failed" ? 1 : 0,
                            ["inconclusive"] = phase == "Inconclusive" ? 1 : 0,
                            ["measurements"] = new JsonArray(new JsonObject
                            {
                                ["phase"] = phase,
                                ["startedAt"] = finished,
                                ["finishedAt"] = finished,
                                ["value"] = measurement,
                            }),
                        }),
                    };
                    return current;
                });
            }
        }
        Json.Obj(status, "canary")["currentStepAnalysisRunStatus"] = new JsonObject { ["name"] = runName, ["status"] = phase };

        switch (phase)
        {
            case "Successful":
                status.Remove("controllerPause");
                return new AnalysisOutcome(true, null);
            case "Failed" or "Error":
                return new AnalysisOutcome(false,
                    $"Rollout aborted update to revision {revision}: Metric \"{metric}\" assessed Failed due to failed (1) > failureLimit (0)");
            case "Inconclusive":
                if (status["pauseConditions"] is JsonArray { Count: > 0 })
                    return new AnalysisOutcome(false, null);
                if (Json.Bool(status["controllerPause"]) == true)
                {
                    status.Remove("controllerPause");   // promoted past the inconclusive run
                    return new AnalysisOutcome(true, null);
                }
                status["pauseConditions"] = new JsonArray(new JsonObject { ["reason"] = InconclusiveAnalysisRun, ["startTime"] = Json.Timestamp(now) });
                status["controllerPause"] = true;
                return new AnalysisOutcome(false, null);
            default:
                return new AnalysisOutcome(false, null);
        }
    }

    private JsonObject CreateRun(JsonObject rollout, JsonObject analysis, string runName, string hash, long revision, int index, DateTimeOffset now)
    {
        var ns = Json.Namespace(rollout);
        var templateName = Json.Str(analysis["templates"]?[0]?["templateName"]);
        var template = templateName is null ? null : store.Get(ResourceCatalog.AnalysisTemplates, ns, templateName);
        var metrics = template?["spec"]?["metrics"]?.DeepClone() as JsonArray
                      ?? new JsonArray(new JsonObject { ["name"] = "canary-safety", ["provider"] = new JsonObject { ["simulated"] = new JsonObject() } });
        var run = new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "AnalysisRun",
            ["metadata"] = new JsonObject
            {
                ["name"] = runName,
                ["namespace"] = ns,
                ["labels"] = new JsonObject
                {
                    [PodHashLabel] = hash,
                    ["rollout-type"] = "Step",
                    ["step-index"] = index.ToString(CultureInfo.InvariantCulture),
                },
                ["annotations"] = new JsonObject { [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture) },
                ["ownerReferences"] = OwnerReferences(rollout, "argoproj.io/v1alpha1", "Rollout"),
            },
            ["spec"] = new JsonObject
            {
                ["metrics"] = metrics,
                ["args"] = analysis["args"]?.DeepClone(),
            },
            ["status"] = new JsonObject { ["phase"] = "Running", ["startedAt"] = Json.Timestamp(now) },
        };
        if (run["spec"]!["args"] is null) run["spec"]!.AsObject().Remove("args");
        return store.Create(ResourceCatalog.AnalysisRuns, run);
    }

    private string Assess(JsonObject rollout, JsonObject status, string metric, out string measurement, out string reason)
    {
        var key = new RolloutKey(Json.Namespace(rollout), Json.Name(rollout));
        var current = rollout.DeepClone().AsObject();
        current["status"] = status.DeepClone();
        var scenario = workload.ScenarioOf(key, Json.Str(rollout["metadata"]?["annotations"]?[Workload.SimulatedWorkload.ScenarioAnnotation]));
        var sample = workload.Sample(key, scenario, RolloutTraffic.ShapeOf(store, current), time.GetUtcNow());
        var result = WeightEngine.Evaluate(new EngineInputs(sample.Canary.P99Seconds, sample.Stable.P99Seconds,
            sample.Canary.ErrorRate, sample.Stable.ErrorRate, sample.Canary.Requests, sample.Stable.Requests), EngineParameters.Default);
        measurement = result.SafeWeight.ToString(CultureInfo.InvariantCulture);
        reason = $"{metric}: {result.Reason}";
        return result.Verdict switch
        {
            Verdict.Breach => "Failed",
            Verdict.InsufficientData => "Inconclusive",
            _ => "Successful",
        };
    }

    private static JsonArray OwnerReferences(JsonObject owner, string apiVersion, string kind) =>
    [
        new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["blockOwnerDeletion"] = true,
            ["controller"] = true,
            ["kind"] = kind,
            ["name"] = Json.Name(owner),
            ["uid"] = Json.Str(owner["metadata"]?["uid"]),
        },
    ];
}
