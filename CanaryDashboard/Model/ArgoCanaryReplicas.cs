using System.Globalization;

namespace CanaryDashboard.Model;

/// <summary>
/// How Argo splits a basic canary's pods (no traffic routing, so traffic follows pods): the canary and
/// stable counts whose canary share is closest to the step's weight, among ceil and floor of
/// replicas × weight, with one surge pod allowed when <c>maxSurge</c> permits
/// (utils/replicaset/canary.go <c>approximateWeightedCanaryStableReplicaCounts</c>). With 5 replicas
/// at 25 %: 1 canary and 4 stable (20 %), not ceil(1.25) = 2 (40 %). One function for both sides of
/// the API: the dashboard reads what Argo wants for the current step
/// (<c>Kubernetes/Snapshots/CanaryReplicaTarget</c>) and the simulated Argo scales to it (<c>Simulation/Controller</c>).
/// </summary>
public static class ArgoCanaryReplicas
{
    /// <summary>(canary, stable) for <paramref name="replicas"/> at <paramref name="weight"/> of <paramref name="maxWeight"/>.</summary>
    public static (int Canary, int Stable) Split(int replicas, int weight, int maxSurge, int maxWeight = 100)
    {
        if (replicas <= 0)
            return (0, 0);
        var exact = (double)replicas * weight / maxWeight;
        var ceil = (int)Math.Ceiling(exact);
        var floor = (int)Math.Floor(exact);
        // Argo does not round a 1–99 % weight down to no canary pod when there are 2+ pods, surge included.
        var zeroAllowed = weight == maxWeight || weight == 0 || (replicas == 1 && maxSurge == 0);

        var options = new List<(int Canary, int Total)>();
        if (ceil < replicas || zeroAllowed)
            options.Add((ceil, replicas));
        if (!Tied(weight, maxWeight, replicas) && (floor != 0 || zeroAllowed))
            options.Add((floor, replicas));
        if (maxSurge > 0)
        {
            options.Add((ceil, replicas + 1));
            if (!Tied(weight, maxWeight, replicas + 1) && (floor != 0 || zeroAllowed))
                options.Add((floor, replicas + 1));
        }
        if (options.Count == 0)
            return (0, replicas);

        // The first option wins ties (Argo keeps the first best, so a tie goes to the larger canary count).
        var best = options[0];
        foreach (var option in options.Skip(1))
        {
            if (Delta(weight, maxWeight, option) < Delta(weight, maxWeight, best))
                best = option;
        }
        return (best.Canary, best.Total - best.Canary);
    }

    /// <summary>
    /// <c>spec.strategy.canary.maxSurge</c> resolved against the replicas: an integer as it is, a
    /// percentage rounded up; 25 % when unset (Argo's default, utils/defaults; the API server's
    /// CRD default). Callers pass the field as they read it: a number or a string.
    /// </summary>
    public static int ResolveMaxSurge(int? count, string? text, int replicas)
    {
        if (count is { } value)
            return Math.Max(0, value);
        text ??= "25%";
        if (text.EndsWith('%') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
            return (int)Math.Ceiling(replicas * percent / 100);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? Math.Max(0, parsed) : 0;
    }

    // Argo's floorCeilingTied: ceil and floor equally far from the weight (3 pods at 50 %) → only ceil is offered.
    private static bool Tied(int weight, int maxWeight, int total) =>
        Math.Abs((double)total * weight / maxWeight % 1 - 0.5) < 1e-9;

    private static double Delta(int weight, int maxWeight, (int Canary, int Total) option) =>
        Math.Abs((double)option.Canary * maxWeight / option.Total - weight);
}
