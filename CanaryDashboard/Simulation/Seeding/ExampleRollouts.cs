using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Controller;
using CanaryDashboard.Simulation.Workload;

namespace CanaryDashboard.Simulation.Seeding;

/// <summary>
/// The rollouts a fresh simulated cluster starts with: a ladder of 1, 2, 5, 10, 20, 35, 50, 75 %
/// with <c>pause: {}</c> after each rung, in different states and scenarios. Each one is driven
/// into its state by the simulated controller itself (deploy v1, roll out v2, advance, abort),
/// so its status, ReplicaSets and pods are what the controller would have written. The six
/// examples run Argo's background analysis from step 1 with <see cref="ExampleAnalysisTemplate"/>
/// (the dashboard's <c>/analyze</c>), as the chart's example ladder rollout does.
/// </summary>
public static class ExampleRollouts
{
    public static readonly int[] Ladder = [1, 2, 5, 10, 20, 35, 50, 75];

    public sealed record Example(string Namespace, string Name, TrafficScenario Scenario, int Replicas, bool TrafficRouting,
        int? AtWeight, bool Promoted = false, bool Aborted = false, bool BackgroundAnalysis = false);

    public static IReadOnlyList<Example> All { get; } =
    [
        new("storefront", "checkout-web", TrafficScenario.Healthy, 10, true, AtWeight: 20, BackgroundAnalysis: true),
        new("payments", "ledger-api", TrafficScenario.SlowLatencyRegression, 6, true, AtWeight: 10, BackgroundAnalysis: true),
        new("payments", "payments-gateway", TrafficScenario.PoolExhaustion, 5, true, AtWeight: 20, BackgroundAnalysis: true),
        new("storefront", "recommendations", TrafficScenario.NoTraffic, 4, true, AtWeight: 5, BackgroundAnalysis: true),
        new("storefront", "catalog-api", TrafficScenario.Healthy, 4, true, AtWeight: null, Promoted: true, BackgroundAnalysis: true),
        new("payments", "fraud-scorer", TrafficScenario.NoisyButHealthy, 4, false, AtWeight: 35, Aborted: true, BackgroundAnalysis: true),
    ];

    public static void Seed(ObjectStore store, SimulatedRolloutController controller)
    {
        foreach (var example in All)
            Seed(store, controller, example);
    }

    public static void Seed(ObjectStore store, SimulatedRolloutController controller, Example example)
    {
        var (ns, name) = (example.Namespace, example.Name);
        if (example.BackgroundAnalysis && !store.Contains(ResourceCatalog.AnalysisTemplates, ns, ExampleAnalysisTemplate.Name))
            store.Load(ExampleAnalysisTemplate.For(ns));
        store.Load(Rollout(example, "v1"));
        controller.Reconcile(ns, name);                       // v1 deployed: stable, Healthy
        store.Update(ResourceCatalog.Rollouts, ns, name, r =>  // v2 rolls out from step 0
        {
            r["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = Image(name, "v2");
            return r;
        });
        controller.Reconcile(ns, name);                       // setWeight 1, paused at its pause step
        if (example.Promoted)
        {
            Status(store, ns, name, s => s["promoteFull"] = true);
            controller.Reconcile(ns, name);
            return;
        }
        if (example.AtWeight is { } weight)
        {
            var rung = Array.IndexOf(Ladder, weight);
            Status(store, ns, name, s => { s.Remove("pauseConditions"); s["currentStepIndex"] = rung * 2; });
            controller.Reconcile(ns, name);
        }
        if (example.Aborted)
        {
            Status(store, ns, name, s => s["abort"] = true);
            controller.Reconcile(ns, name);
        }
    }

    public static JsonObject Rollout(Example example, string version)
    {
        var steps = new JsonArray();
        foreach (var weight in Ladder)
        {
            steps.Add(new JsonObject { ["setWeight"] = weight });
            steps.Add(new JsonObject { ["pause"] = new JsonObject() });
        }
        var canary = new JsonObject
        {
            ["canaryService"] = example.Name + "-canary",
            ["stableService"] = example.Name + "-stable",
            ["steps"] = steps,
        };
        if (example.TrafficRouting)
            canary["trafficRouting"] = new JsonObject { ["nginx"] = new JsonObject { ["stableIngress"] = example.Name } };
        if (example.BackgroundAnalysis)
            canary["analysis"] = ExampleAnalysisTemplate.BackgroundAnalysis(startingStep: 1);
        var labels = new JsonObject { ["app"] = example.Name };
        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Rollout",
            ["metadata"] = new JsonObject
            {
                ["name"] = example.Name,
                ["namespace"] = example.Namespace,
                ["labels"] = labels.DeepClone(),
                ["annotations"] = new JsonObject { [SimulatedWorkload.ScenarioAnnotation] = example.Scenario.ToString() },
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = example.Replicas,
                ["revisionHistoryLimit"] = 3,
                ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone() },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = example.Name,
                            ["image"] = Image(example.Name, version),
                            ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["name"] = "http" }),
                        }),
                    },
                },
                ["strategy"] = new JsonObject { ["canary"] = canary },
            },
        };
    }

    private static string Image(string name, string version) => $"registry.example.internal/{name}:{version}";

    private static void Status(ObjectStore store, string ns, string name, Action<JsonObject> change) =>
        store.Update(ResourceCatalog.Rollouts, ns, name, r =>
        {
            change(Json.Obj(r, "status"));
            return r;
        });
}
