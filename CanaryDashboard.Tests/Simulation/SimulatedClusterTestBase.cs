using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation;
using k8s;

namespace CanaryDashboard.Tests.Simulation;

/// <summary>A fresh simulated cluster per test class instance, reached through KubernetesClient via its kubeconfig.</summary>
public abstract class SimulatedClusterTestBase : IAsyncLifetime
{
    protected const string Group = "argoproj.io";
    protected const string Version = "v1alpha1";
    protected const string Rollouts = "rollouts";

    protected SimulatedCluster Cluster { get; private set; } = null!;
    protected k8s.Kubernetes Client { get; private set; } = null!;

    protected virtual SimulatedClusterOptions CreateOptions() => new()
    {
        DataPath = Path.Combine(Path.GetTempPath(), "sim-tests", Guid.NewGuid().ToString("N")),
    };

    public async Task InitializeAsync()
    {
        Cluster = await SimulatedCluster.StartAsync(CreateOptions());
        Client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Cluster.KubeconfigPath));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Cluster.DisposeAsync();
        try { Directory.Delete(Cluster.DataPath, recursive: true); } catch (IOException) { }
    }

    /// <summary>A minimal ladder rollout with traffic routing (1, 2, 5, 10 … each followed by pause: {}).</summary>
    protected static JsonObject LadderRollout(string ns, string name, string image = "registry.local/app:v1", int replicas = 4,
        bool trafficRouting = true, JsonArray? steps = null)
    {
        steps ??= Ladder(1, 2, 5, 10);
        var canary = new JsonObject
        {
            ["canaryService"] = name + "-canary",
            ["stableService"] = name + "-stable",
            ["steps"] = steps,
        };
        if (trafficRouting)
            canary["trafficRouting"] = new JsonObject { ["nginx"] = new JsonObject { ["stableIngress"] = name } };
        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Rollout",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name } },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }),
                    },
                },
                ["strategy"] = new JsonObject { ["canary"] = canary },
            },
        };
    }

    protected static JsonArray Ladder(params int[] weights)
    {
        var steps = new JsonArray();
        foreach (var weight in weights)
        {
            steps.Add(new JsonObject { ["setWeight"] = weight });
            steps.Add(new JsonObject { ["pause"] = new JsonObject() });
        }
        return steps;
    }

    protected static JsonObject ToNode(object result) =>
        JsonNode.Parse(JsonSerializer.Serialize(result))!.AsObject();
}
