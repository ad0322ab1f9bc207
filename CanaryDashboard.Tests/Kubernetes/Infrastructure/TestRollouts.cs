using System.Text.Json.Nodes;

namespace CanaryDashboard.Tests.Kubernetes.Infrastructure;

/// <summary>Ladder rollouts (setWeight k, pause {} …) in a chosen state, as a controller would have left them.</summary>
public static class TestRollouts
{
    public const string StableHash = "5b7d9c8f6d";
    public const string CanaryHash = "7f8c6d5e4b";

    /// <summary>
    /// A canary with traffic routing on the ladder <paramref name="weights"/>, mid-update at
    /// <paramref name="stepIndex"/>; on a pause step it carries the controller's CanaryPauseStep.
    /// </summary>
    public static JsonObject Ladder(string ns, string name, int stepIndex, int[] weights, bool paused = false, bool aborted = false)
    {
        var steps = new JsonArray();
        foreach (var weight in weights)
        {
            steps.Add(new JsonObject { ["setWeight"] = weight });
            steps.Add(new JsonObject { ["pause"] = new JsonObject() });
        }
        var onPause = stepIndex % 2 == 1 && stepIndex < steps.Count;
        var weightNow = aborted ? 0 : weights[Math.Min(stepIndex, steps.Count - 1) / 2];
        var status = new JsonObject
        {
            ["observedGeneration"] = "1",
            ["currentStepIndex"] = stepIndex,
            ["currentPodHash"] = CanaryHash,
            ["stableRS"] = StableHash,
            ["replicas"] = 5,
            ["updatedReplicas"] = 5,
            ["readyReplicas"] = 5,
            ["availableReplicas"] = 5,
            ["canary"] = new JsonObject
            {
                ["weights"] = new JsonObject
                {
                    ["canary"] = new JsonObject { ["weight"] = weightNow, ["podTemplateHash"] = CanaryHash, ["serviceName"] = name + "-canary" },
                    ["stable"] = new JsonObject { ["weight"] = 100 - weightNow, ["podTemplateHash"] = StableHash, ["serviceName"] = name + "-stable" },
                },
            },
            ["conditions"] = new JsonArray(),
        };
        if (onPause && !aborted)
        {
            status["controllerPause"] = true;
            status["pauseConditions"] = new JsonArray(new JsonObject { ["reason"] = "CanaryPauseStep", ["startTime"] = "2026-11-26T10:00:00Z" });
        }
        if (aborted)
            status["abort"] = true;
        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Rollout",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["generation"] = 1, ["uid"] = Guid.NewGuid().ToString() },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 5,
                ["paused"] = paused,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "registry.local/app:v2" }) },
                },
                ["strategy"] = new JsonObject
                {
                    ["canary"] = new JsonObject
                    {
                        ["canaryService"] = name + "-canary",
                        ["stableService"] = name + "-stable",
                        ["trafficRouting"] = new JsonObject { ["nginx"] = new JsonObject { ["stableIngress"] = name } },
                        ["steps"] = steps,
                    },
                },
            },
            ["status"] = status,
        };
    }
}
