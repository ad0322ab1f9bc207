using System.Text.Json.Nodes;
using CanaryDashboard.Tests.Deploy;

namespace CanaryDashboard.Tests.AnalyzeContract;

/// <summary>
/// The AnalysisTemplate the chart ships (examples/analysis-template.yaml, equal to the seeded one),
/// as an AnalysisRun for one rollout: what Argo creates from it with the rollout's namespace and
/// name as arguments (utils/analysis/helpers.go NewAnalysisRunFromTemplates, one template).
/// </summary>
internal static class ShippedAnalysisTemplate
{
    public static JsonObject Spec() =>
        YamlJson.ToJson(ChartFiles.LoadMapping("examples/analysis-template.yaml").Required("spec"))!.AsObject();

    /// <summary>The run (as the API server would hold it), with <paramref name="adjust"/> applied to its single metric (a variant of the template; none for the shipped one).</summary>
    public static JsonObject Run(string @namespace, string rollout, Action<JsonObject>? adjust = null)
    {
        var metrics = Spec()["metrics"]!.AsArray();
        var metric = Assert.Single(metrics)!.AsObject();
        adjust?.Invoke(metric);
        var run = new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "AnalysisRun",
            ["metadata"] = new JsonObject { ["name"] = $"{rollout}-background", ["namespace"] = @namespace },
            ["spec"] = new JsonObject
            {
                ["args"] = new JsonArray(
                    new JsonObject { ["name"] = "namespace", ["value"] = @namespace },
                    new JsonObject { ["name"] = "rollout", ["value"] = rollout }),
                ["metrics"] = metrics.DeepClone(),
            },
        };
        return JsonNode.Parse(run.ToJsonString())!.AsObject();   // as the API server stores it: parsed JSON
    }
}
