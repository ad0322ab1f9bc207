using CanaryDashboard.Model;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Simulation.Controller;
using CanaryDashboard.Tests.Kubernetes.Fixtures;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>
/// The canary ReplicaSet against the replicas Argo wants for the current step (utils/replicaset/canary.go:
/// AtDesiredReplicaCountsForCanary, trafficWeightToReplicas, approximateWeightedCanaryStableReplicaCounts,
/// ReplicaProgressThresholdMet), every count derived by hand.
/// </summary>
public sealed class CanaryReplicaTargetTests
{
    /// <summary>A canary mid-update at <paramref name="step"/> of setWeight <paramref name="weight"/> then a pause.</summary>
    private static JsonObject Rollout(int replicas, int weight, JsonObject? trafficRouting, Action<JsonObject>? canary = null, int step = 1)
    {
        var strategy = new JsonObject
        {
            ["steps"] = new JsonArray(new JsonObject { ["setWeight"] = weight }, new JsonObject { ["pause"] = new JsonObject() }),
        };
        if (trafficRouting is not null)
            strategy["trafficRouting"] = trafficRouting;
        canary?.Invoke(strategy);
        return new JsonObject
        {
            ["spec"] = new JsonObject { ["replicas"] = replicas, ["strategy"] = new JsonObject { ["canary"] = strategy } },
            ["status"] = new JsonObject { ["currentPodHash"] = "new", ["stableRS"] = "old", ["currentStepIndex"] = step },
        };
    }

    private static JsonObject Nginx(int? maxTrafficWeight = null)
    {
        var routing = new JsonObject { ["nginx"] = new JsonObject { ["stableIngress"] = "web" } };
        if (maxTrafficWeight is { } max)
            routing["maxTrafficWeight"] = max;
        return routing;
    }

    private static ReplicaSetObject Canary(int spec, int available) =>
        new("rs-uid", "shop", "web-new", ["rollout-uid"], null, "new", 2, null, "Healthy", spec, available, [], spec);

    private static CanaryScale? Of(JsonObject rollout, ReplicaSetObject? rs) => CanaryReplicaTarget.Of(JsonSerializer.SerializeToElement(rollout), rs);

    [Fact]
    public void With_traffic_routing_the_canary_wants_ceil_replicas_times_weight_and_all_of_them_available()
    {
        // 10 replicas at 35 %: ceil(3.5) = 4.
        var rollout = Rollout(10, 35, Nginx());

        Assert.Equal(new CanaryScale(35, 4, 4, 4, true), Of(rollout, Canary(4, 4)));
        Assert.Equal(new CanaryScale(35, 4, 4, 3, false), Of(rollout, Canary(4, 3)));   // a pod not ready
        Assert.Equal(new CanaryScale(35, 4, 2, 2, false), Of(rollout, Canary(2, 2)));   // not scaled up yet
        Assert.Equal(new CanaryScale(35, 4, 0, 0, false), Of(rollout, null));           // no ReplicaSet yet
    }

    [Fact]
    public void The_weight_is_in_maxTrafficWeight_units()
    {
        // 10 replicas at 350 of 1000: ceil(3.5) = 4; 5 of 1000: ceil(0.05) = 1.
        Assert.Equal(4, Of(Rollout(10, 350, Nginx(1000)), Canary(4, 4))!.Desired);
        Assert.Equal(1, Of(Rollout(10, 5, Nginx(1000)), Canary(1, 1))!.Desired);
    }

    [Fact]
    public void MinPodsPerReplicaSet_and_setCanaryScale_change_the_count()
    {
        // 10 replicas at 1 %: ceil(0.1) = 1, raised to minPodsPerReplicaSet 2.
        Assert.Equal(2, Of(Rollout(10, 1, Nginx(), c => c["minPodsPerReplicaSet"] = 2), Canary(2, 2))!.Desired);

        // setCanaryScale {replicas: 3} before the setWeight: 3 whatever the weight.
        var scaled = Rollout(10, 20, Nginx(), c => ((JsonArray)c["steps"]!).Insert(0, new JsonObject { ["setCanaryScale"] = new JsonObject { ["replicas"] = 3 } }), step: 2);
        Assert.Equal(3, Of(scaled, Canary(3, 3))!.Desired);
    }

    [Fact]
    public void A_replica_progress_threshold_accepts_part_of_the_desired_replicas()
    {
        // 4 desired, 50 % threshold: 2 available are enough; 1 is not.
        var rollout = Rollout(10, 35, Nginx(), c => c["replicaProgressThreshold"] = new JsonObject { ["type"] = "Percent", ["value"] = 50 });
        Assert.True(Of(rollout, Canary(4, 2))!.AtDesired);
        Assert.False(Of(rollout, Canary(4, 1))!.AtDesired);

        var pods = Rollout(10, 35, Nginx(), c => c["replicaProgressThreshold"] = new JsonObject { ["type"] = "Pods", ["value"] = 3 });
        Assert.True(Of(pods, Canary(4, 3))!.AtDesired);
    }

    [Fact]
    public void A_basic_canary_wants_the_closest_split_as_the_simulated_controller_makes_it()
    {
        // 5 replicas at 25 %, surge 2 (25 % of 5, rounded up): (2 of 5) 40 %, (1 of 5) 20 %, (2 of 6) 33 % → 1 canary pod.
        Assert.Equal(1, Of(Rollout(5, 25, null), Canary(1, 1))!.Desired);

        for (var replicas = 1; replicas <= 12; replicas++)
        {
            for (var weight = 0; weight <= 100; weight += 5)
            {
                foreach (var surge in new[] { 0, 1, 2 })
                {
                    Assert.Equal(ArgoCanaryReplicas.Split(replicas, weight, surge).Canary,
                        CanaryReplicaTarget.BasicCanaryCount(replicas, weight, 100, surge));
                }
            }
        }
    }

    [Fact]
    public void No_canary_no_count()
    {
        var aborted = Rollout(10, 35, Nginx());
        aborted["status"]!["abort"] = true;
        var promoted = Rollout(10, 35, Nginx());
        promoted["status"]!["stableRS"] = "new";

        Assert.Null(Of(aborted, Canary(4, 4)));
        Assert.Null(Of(promoted, Canary(4, 4)));
    }

    [Fact]
    public void The_snapshot_of_a_canary_whose_pod_cannot_start_is_short_of_its_replicas()
    {
        // canary-progress-deadline: 3 replicas at 20 %, basic canary → 1 canary pod wanted, 0 available (ImagePullBackOff).
        var snapshot = OwnFixtures.Set.BuildFolder("canary-progress-deadline").Single();

        Assert.Equal(new CanaryScale(20, 1, 1, 0, false), snapshot.CanaryReplicas);
    }
}
