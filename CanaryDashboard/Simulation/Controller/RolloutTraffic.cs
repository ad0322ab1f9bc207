using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Workload;

namespace CanaryDashboard.Simulation.Controller;

/// <summary>Reads, from a rollout and its ReplicaSets in the store, the canary's share of traffic and the pods per version.</summary>
public static class RolloutTraffic
{
    public static TrafficShape ShapeOf(ObjectStore store, JsonObject rollout)
    {
        var ns = Json.Namespace(rollout);
        var name = Json.Name(rollout);
        var status = rollout["status"] as JsonObject ?? [];
        var canaryHash = Json.Str(status["currentPodHash"]);
        var stableHash = Json.Str(status["stableRS"]);
        var canaryRs = canaryHash is null ? null : store.Get(ResourceCatalog.ReplicaSets, ns, $"{name}-{canaryHash}");
        var stableRs = stableHash is null ? null : store.Get(ResourceCatalog.ReplicaSets, ns, $"{name}-{stableHash}");
        var promoted = canaryHash is null || canaryHash == stableHash;
        var canaryPods = promoted ? 0 : Json.Int(canaryRs?["status"]?["availableReplicas"]) ?? 0;
        var stablePods = Json.Int(stableRs?["status"]?["availableReplicas"]) ?? 0;
        DateTimeOffset? started = DateTimeOffset.TryParse(Json.Str(canaryRs?["metadata"]?["creationTimestamp"]), out var at) ? at : null;

        double weight;
        if (promoted || Json.Bool(status["abort"]) == true)
            weight = 0;
        else if (Json.Long(status["canary"]?["weights"]?["canary"]?["weight"]) is { } routed)
            weight = routed;
        else
            weight = canaryPods + stablePods == 0 ? 0 : 100.0 * canaryPods / (canaryPods + stablePods);
        return new TrafficShape(weight, canaryPods, stablePods, started);
    }
}
