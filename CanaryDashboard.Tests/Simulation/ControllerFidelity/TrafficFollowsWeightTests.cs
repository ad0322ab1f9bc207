using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Controller;
using CanaryDashboard.Simulation.Workload;

namespace CanaryDashboard.Tests.Simulation.ControllerFidelity;

/// <summary>
/// The simulated services send the canary its share of the requests from the rollout's actual
/// weight: with traffic routing the router's weight (the <c>setWeight</c>), without it the canary's
/// share of the pods. So a canary at 1 % behind a router really has few requests to judge, and a basic
/// canary "at 1 %" on 10 pods gets a whole pod's share.
/// </summary>
public sealed class TrafficFollowsWeightTests
{
    private const double ServiceRequestsPerSecond = 200;   // SimulatedWorkload's default for the whole service

    private static string Rollout(string name, int replicas, bool trafficRouting) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: {{name}}, namespace: shop}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - {name: app, image: "registry.local/{{name}}:v1"}
          strategy:
            canary:
              {{(trafficRouting ? "trafficRouting: {nginx: {stableIngress: " + name + "}}" : "maxSurge: 3")}}
              steps:
              - setWeight: 1
              - pause: {}
              - setWeight: 2
              - pause: {}
        """;

    /// <summary>v1 deployed (promoted at once), then v2: setWeight 1 taken, paused on the first rung.</summary>
    private static (ControllerHarness Harness, WorkloadSample Sample) AtOnePercent(string name, int replicas, bool trafficRouting)
    {
        var harness = new ControllerHarness();
        harness.Load(Rollout(name, replicas, trafficRouting));
        harness.Reconcile();
        harness.Change(ResourceCatalog.Rollouts, "shop", name, r => r["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = $"registry.local/{name}:v2");
        harness.Reconcile();
        Assert.Equal(("Paused", "1/4", "1"), (harness.Snapshot("shop", name).Status, harness.Snapshot("shop", name).Step, harness.Snapshot("shop", name).SetWeight));

        var workload = new SimulatedWorkload(42) { RequestsPerSecond = ServiceRequestsPerSecond };
        var shape = RolloutTraffic.ShapeOf(harness.Store, harness.Rollout("shop", name));
        return (harness, workload.Sample(new RolloutKey("shop", name), TrafficScenario.Healthy, shape, harness.Clock.GetUtcNow()));
    }

    [Fact]
    public void Behind_a_router_a_one_percent_canary_gets_one_percent_of_the_requests()
    {
        var (harness, sample) = AtOnePercent("search", replicas: 10, trafficRouting: true);

        Assert.Equal("1", harness.Snapshot("shop", "search").ActualWeight);
        // 200 req/s × 1 % = 2 req/s; over the 5-minute window 2 × 300 = 600 requests; the stable keeps 198 req/s.
        Assert.Equal(2, sample.Canary.RequestsPerSecond!.Value, 3);
        Assert.Equal(600, sample.Canary.Requests);
        Assert.Equal(198, sample.Stable.RequestsPerSecond!.Value, 3);
    }

    [Fact]
    public void Without_a_router_a_one_percent_step_gets_one_pods_share_of_the_requests()
    {
        var (harness, sample) = AtOnePercent("cart", replicas: 10, trafficRouting: false);

        // Argo's split for 10 pods at 1 % with a surge of 3: (1,10) 10 % Δ9, (1,11) 9.09 % Δ8.09 → 1 canary + 10 stable.
        Assert.Equal((1, 10), (harness.Replicas("shop", $"cart-{harness.Status("shop", "cart")["currentPodHash"]}"),
            harness.Replicas("shop", $"cart-{harness.Status("shop", "cart")["stableRS"]}")));
        Assert.Equal("9", harness.Snapshot("shop", "cart").ActualWeight);   // 1 × 100 / 11, integer division
        // Traffic follows pods: 200 × 1/11 = 18.18 req/s on the canary, 181.82 on the stable.
        Assert.Equal(200.0 / 11, sample.Canary.RequestsPerSecond!.Value, 2);
        Assert.Equal(2000.0 / 11, sample.Stable.RequestsPerSecond!.Value, 2);
    }
}
