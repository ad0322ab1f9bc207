using CanaryDashboard.Model;
using System.Globalization;
using System.Text.Json;

namespace CanaryDashboard.Kubernetes.Snapshots;

/// <summary>
/// The canary ReplicaSet against the replicas Argo wants for the current step.
/// <see cref="AtDesired"/> is Argo's test for the canary half of <c>AtDesiredReplicaCountsForCanary</c>
/// (utils/replicaset/canary.go <c>ReplicaProgressThresholdMet</c> / <c>allDesiredAreAvailable</c>):
/// while it is false Argo does not finish the setWeight step, and with traffic routing it keeps routing
/// the weight of the previous setWeight step (rollout/trafficrouting.go, <c>reconcileTrafficRouting</c>).
/// </summary>
/// <param name="Weight">The weight the count is for (<c>setWeight</c> units, of <c>maxTrafficWeight</c>).</param>
/// <param name="Desired">Replicas Argo wants on the canary ReplicaSet at <paramref name="Weight"/>.</param>
/// <param name="Current">The canary ReplicaSet's <c>spec.replicas</c> (0 when it does not exist yet).</param>
/// <param name="Available">Its <c>status.availableReplicas</c>.</param>
/// <param name="AtDesired">Argo would count the canary as scaled for the step.</param>
public sealed record CanaryScale(int Weight, int Desired, int Current, int Available, bool AtDesired);

/// <summary>
/// Computes <see cref="CanaryScale"/> from the Rollout JSON and its canary ReplicaSet, as Argo does
/// (pure). Argo's source, read at v1.8/master:
/// <list type="bullet">
/// <item>the weight: <c>GetCanaryReplicasOrWeight</c> → <c>GetCurrentSetWeight</c> (the current step's
/// setWeight or the nearest earlier one), or a <c>setCanaryScale</c> step's replicas or weight
/// (<c>UseSetCanaryScale</c>, only with traffic routing);</item>
/// <item>traffic routing: <c>CalculateReplicaCountsForTrafficRoutedCanary</c>, ceil(replicas × weight ÷
/// maxTrafficWeight) (<c>trafficWeightToReplicas</c>), at least <c>minPodsPerReplicaSet</c>;</item>
/// <item>basic canary: the canary count of <c>approximateWeightedCanaryStableReplicaCounts</c> (the
/// closest split, one surge pod allowed), the count Argo settles on for the step;</item>
/// <item>met: <c>replicaProgressThreshold</c> (Percent or Pods) when set, else every desired replica
/// available and the ReplicaSet's spec at the desired count.</item>
/// </list>
/// Only the canary side is computed: the stable side (all created, or older sets scaled to 0 for a
/// basic canary) is the controller's own business and it does not pause on a step before it is met.
/// </summary>
public static class CanaryReplicaTarget
{
    /// <summary>Null when no canary runs (not a canary strategy, fully promoted, aborted, or no steps).</summary>
    public static CanaryScale? Of(JsonElement rollout, ReplicaSetObject? canaryReplicaSet)
    {
        var spec = rollout.Prop("spec");
        var status = rollout.Prop("status");
        var canary = spec.Prop("strategy").Prop("canary");
        if (canary.ValueKind != JsonValueKind.Object || status.Bool("abort") || status.Bool("promoteFull"))
            return null;
        var current = status.Str("currentPodHash") ?? "";
        var stable = status.Str("stableRS") ?? "";
        if (current.Length == 0 || stable.Length == 0 || current == stable)
            return null;
        var steps = canary.Prop("steps").Items().ToArray();
        var index = status.Int("currentStepIndex") ?? 0;
        if (steps.Length == 0 || index < 0 || index >= steps.Length)
            return null;

        var replicas = Math.Max(0, spec.Int("replicas") ?? 1);
        var routing = canary.Prop("trafficRouting");
        var trafficRouted = routing.ValueKind == JsonValueKind.Object;
        var maxWeight = routing.Int("maxTrafficWeight") ?? 100;
        var weight = SetWeight(steps, index);
        int desired;
        if (trafficRouted && CanaryScaleStep(steps, index) is { } scale)
        {
            // setCanaryScale: explicit replicas, or a weight of its own (never matchTrafficWeight here).
            desired = scale.Int("replicas") is { } explicitReplicas
                ? explicitReplicas
                : MinPods(canary, replicas, TrafficWeightToReplicas(replicas, scale.Int("weight") ?? 0, maxWeight));
        }
        else if (trafficRouted)
        {
            desired = MinPods(canary, replicas, TrafficWeightToReplicas(replicas, weight, maxWeight));
        }
        else
        {
            desired = BasicCanaryCount(replicas, weight, maxWeight, MaxSurge(canary, replicas));
        }

        var specReplicas = canaryReplicaSet?.SpecReplicas ?? canaryReplicaSet?.Replicas ?? 0;
        var available = canaryReplicaSet?.Available ?? 0;
        var met = canaryReplicaSet is not null && ThresholdMet(canary.Prop("replicaProgressThreshold"), specReplicas, available, desired);
        return new CanaryScale(weight, desired, specReplicas, available, met);
    }

    /// <summary>Argo's GetCurrentSetWeight: the current step's setWeight or the nearest earlier one, 0 before any.</summary>
    private static int SetWeight(JsonElement[] steps, int index)
    {
        for (var i = index; i >= 0; i--)
        {
            if (steps[i].Int("setWeight") is { } weight)
                return weight;
        }
        return 0;
    }

    /// <summary>Argo's UseSetCanaryScale: the nearest setCanaryScale at or before the step, unless it matches the traffic weight.</summary>
    private static JsonElement? CanaryScaleStep(JsonElement[] steps, int index)
    {
        for (var i = index; i >= 0; i--)
        {
            var scale = steps[i].Prop("setCanaryScale");
            if (scale.ValueKind != JsonValueKind.Object)
                continue;
            return scale.Bool("matchTrafficWeight") ? null : scale;
        }
        return null;
    }

    /// <summary>Argo's trafficWeightToReplicas: ceil(weight × replicas ÷ maxWeight).</summary>
    private static int TrafficWeightToReplicas(int replicas, int weight, int maxWeight) =>
        maxWeight <= 0 ? 0 : (int)Math.Ceiling((double)weight * replicas / maxWeight);

    /// <summary>Argo's CheckMinPodsPerReplicaSet (traffic routing only; capped at spec.replicas; 0 stays 0).</summary>
    private static int MinPods(JsonElement canary, int replicas, int count)
    {
        if (count == 0 || canary.Int("minPodsPerReplicaSet") is not { } min)
            return count;
        return Math.Max(count, Math.Min(min, replicas));
    }

    /// <summary>Argo's ReplicaProgressThresholdMet with allDesiredAreAvailable as the default.</summary>
    private static bool ThresholdMet(JsonElement threshold, int specReplicas, int available, int desired)
    {
        var value = threshold.Int("value");
        if (threshold.ValueKind != JsonValueKind.Object || value is null or < 0)
            return desired == specReplicas && desired == available;
        if (threshold.Str("type") == "Percent")
            return desired == 0 || (double)available / desired * 100 >= value.Value - 1e-10;
        return available >= value.Value;
    }

    /// <summary>The canary count of Argo's closest split (<see cref="ArgoCanaryReplicas"/>).</summary>
    internal static int BasicCanaryCount(int replicas, int weight, int maxWeight, int maxSurge) =>
        maxWeight <= 0 ? 0 : ArgoCanaryReplicas.Split(replicas, weight, maxSurge, maxWeight).Canary;

    /// <summary><c>maxSurge</c> as the rollout writes it (a number or a string), resolved as Argo does.</summary>
    private static int MaxSurge(JsonElement canary, int replicas)
    {
        var value = canary.Prop("maxSurge");
        return ArgoCanaryReplicas.ResolveMaxSurge(
            value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) ? count : null,
            value.ValueKind == JsonValueKind.String ? value.GetString() : null,
            replicas);
    }


}
