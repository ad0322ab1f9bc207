using CanaryDashboard.Model;

namespace CanaryDashboard.Tests.Model;

/// <summary>
/// Argo's split of a basic canary's pods (utils/replicaset/canary.go), worked by hand: the options are
/// (ceil, replicas), (floor, replicas) and, with a surge, the same over replicas + 1; the closest
/// canary share to the weight wins, the first on a tie.
/// </summary>
public sealed class ArgoCanaryReplicasTests
{
    [Theory]
    // 5 × 25 % = 1.25: (2,5) 40 % Δ15, (1,5) 20 % Δ5, (2,6) 33.3 % Δ8.3, (1,6) 16.7 % Δ8.3 → 1 + 4.
    [InlineData(5, 25, 2, 1, 4)]
    // 10 × 1 % = 0.1: floor 0 not allowed; (1,10) 10 % Δ9, (1,11) 9.1 % Δ8.1 → 1 + 10 (a surge pod).
    [InlineData(10, 1, 3, 1, 10)]
    // same without surge: only (1,10) → 1 + 9.
    [InlineData(10, 1, 0, 1, 9)]
    // 4 × 50 % = 2 exactly: (2,4) Δ0 first → 2 + 2.
    [InlineData(4, 50, 1, 2, 2)]
    // 3 × 50 % = 1.5, tied: floor is not offered; (2,3) 66.7 % Δ16.7, (2,4) 50 % Δ0, (1,4) 25 % Δ25 → 2 + 2.
    [InlineData(3, 50, 1, 2, 2)]
    // 100 % and 0 %: all canary, all stable.
    [InlineData(5, 100, 2, 5, 0)]
    [InlineData(5, 0, 2, 0, 5)]
    // 1 replica at 20 %, surge 1: (1,1) is not < 1 and zero is not allowed; (1,2) 50 % → 1 + 1.
    [InlineData(1, 20, 1, 1, 1)]
    public void Split_picks_the_closest_share_as_argo_does(int replicas, int weight, int maxSurge, int canary, int stable) =>
        Assert.Equal((canary, stable), ArgoCanaryReplicas.Split(replicas, weight, maxSurge));

    [Theory]
    [InlineData(null, 5, 2)]      // default 25 %: ceil(1.25)
    [InlineData("50%", 3, 2)]     // ceil(1.5)
    [InlineData("0%", 8, 0)]
    [InlineData(3, 10, 3)]        // an integer as it is
    public void Max_surge_resolves_percentages_rounding_up(object? maxSurge, int replicas, int expected) =>
        Assert.Equal(expected, ArgoCanaryReplicas.ResolveMaxSurge(maxSurge as int?, maxSurge as string, replicas));
}
