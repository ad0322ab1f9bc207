using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Controller;

/// <summary>
/// The phase and message a v1.x Argo controller writes into <c>status.phase</c>/<c>status.message</c>:
/// <c>CalculateRolloutPhase</c> (utils/rollout/rolloututil.go) over the status the controller is about
/// to write, so a loaded rollout reads as Argo would show it (e.g. a canary waiting on an analysis or
/// experiment step is "Progressing: more replicas need to be updated").
/// </summary>
internal static class RolloutPhase
{
    public static (string Phase, string Message) Calculate(JsonObject spec, JsonObject status)
    {
        foreach (var condition in (status["conditions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Json.Str(condition["type"]) == "InvalidSpec")
                return ("Degraded", $"InvalidSpec: {Json.Str(condition["message"])}");
            if (Json.Str(condition["reason"]) is "RolloutAborted" or "ProgressDeadlineExceeded")
                return ("Degraded", $"{Json.Str(condition["reason"])}: {Json.Str(condition["message"])}");
        }
        if (Json.Bool(spec["paused"]) == true)
            return ("Paused", "manually paused");
        if ((status["pauseConditions"] as JsonArray)?.FirstOrDefault() is JsonObject pause)
            return ("Paused", Json.Str(pause["reason"]) ?? "");
        if (Json.Str(spec["restartAt"]) is { } restartAt && Json.Str(status["restartedAt"]) != restartAt)
            return ("Progressing", "rollout is restarting");

        var desired = Json.Int(spec["replicas"]) ?? 1;
        var updated = Json.Int(status["updatedReplicas"]) ?? 0;
        if (updated < desired)
            return ("Progressing", "more replicas need to be updated");
        if ((Json.Int(status["availableReplicas"]) ?? 0) < updated)
            return ("Progressing", "updated replicas are still becoming available");

        var stable = Json.Str(status["stableRS"]) ?? "";
        var current = Json.Str(status["currentPodHash"]) ?? "";
        var strategy = spec["strategy"] as JsonObject;
        if (strategy?["blueGreen"] is JsonObject blueGreen && strategy["canary"] is null)
        {
            var active = Json.Str(status["blueGreen"]?["activeSelector"]) ?? "";
            if (active.Length == 0 || active != current)
                return ("Progressing", "active service cutover pending");
            if (stable.Length == 0 || stable != current)
            {
                var postPromotion = Json.Str(status["blueGreen"]?["postPromotionAnalysisRunStatus"]?["status"]);
                return blueGreen["postPromotionAnalysis"] is not null && postPromotion is not ("Successful" or "Failed" or "Error" or "Inconclusive")
                    ? ("Progressing", "waiting for analysis to complete")
                    : ("Progressing", "waiting for post-promotion verification to complete");
            }
        }
        else if (strategy?["canary"] is JsonObject canary)
        {
            if (canary["trafficRouting"] is null && (Json.Int(status["replicas"]) ?? 0) > updated)
                return ("Progressing", "old replicas are pending termination");
            if (stable.Length == 0 || stable != current)
                return ("Progressing", "waiting for all steps to complete");
        }
        return ("Healthy", "");
    }
}
