using System.Text.Json.Nodes;

namespace CanaryDashboard.Simulation.Seeding;

/// <summary>
/// The AnalysisTemplate the example rollouts' background analysis uses: the chart's example
/// (deploy/helm/canary-dashboard/examples/analysis-template.yaml, same spec — a test keeps them
/// equal). Argo's web provider asks the dashboard's <c>/analyze</c> every 30 s; every answer is a
/// 200 and its <c>status</c> decides: <c>proceed</c> is Successful, <c>breach</c> Failed (failureLimit
/// 0: the rollout aborts at once), anything else (<c>insufficient-data</c>, <c>unavailable</c>,
/// <c>unknown-rollout</c>, <c>bad-request</c>) neither, so Inconclusive (inconclusiveLimit 0: the
/// rollout pauses with <c>InconclusiveAnalysisRun</c> until a person promotes it). Only an
/// unreachable dashboard is an Error; the 13th in a row (consecutiveErrorLimit 12, ~2 min) ends the
/// run in Error, which aborts. In the simulated cluster the URL's host resolves to this app.
/// </summary>
public static class ExampleAnalysisTemplate
{
    public const string Name = "canary-dashboard-safe-weight";
    public const string Url = "http://canary-dashboard.canary-dashboard.svc.cluster.local/analyze?namespace={{args.namespace}}&rollout={{args.rollout}}";

    public static JsonObject For(string ns) => new()
    {
        ["apiVersion"] = "argoproj.io/v1alpha1",
        ["kind"] = "AnalysisTemplate",
        ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = ns },
        ["spec"] = Spec(),
    };

    public static JsonObject Spec() => new()
    {
        ["args"] = new JsonArray(new JsonObject { ["name"] = "namespace" }, new JsonObject { ["name"] = "rollout" }),
        ["metrics"] = new JsonArray(new JsonObject
        {
            ["name"] = "safe-weight",
            ["interval"] = "30s",
            ["failureLimit"] = 0,
            ["inconclusiveLimit"] = 0,
            ["consecutiveErrorLimit"] = 12,
            ["successCondition"] = "result.status == \"proceed\"",
            ["failureCondition"] = "result.status == \"breach\"",
            ["provider"] = new JsonObject
            {
                ["web"] = new JsonObject
                {
                    ["url"] = Url,
                    ["timeoutSeconds"] = 10,
                    ["jsonPath"] = "{$}",
                },
            },
        }),
    };

    /// <summary>
    /// A rollout's background analysis with this template from <paramref name="startingStep"/>,
    /// its namespace and name passed through Argo's <c>fieldRef</c> arguments.
    /// </summary>
    public static JsonObject BackgroundAnalysis(int startingStep) => new()
    {
        ["startingStep"] = startingStep,
        ["templates"] = new JsonArray(new JsonObject { ["templateName"] = Name }),
        ["args"] = new JsonArray(
            new JsonObject { ["name"] = "namespace", ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.namespace" } } },
            new JsonObject { ["name"] = "rollout", ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.name" } } }),
    };
}
