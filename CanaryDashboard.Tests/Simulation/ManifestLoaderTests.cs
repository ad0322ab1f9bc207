using CanaryDashboard.Simulation;
using CanaryDashboard.Simulation.Api;
using k8s;

namespace CanaryDashboard.Tests.Simulation;

public sealed class ManifestLoaderTests : SimulatedClusterTestBase
{
    private string _manifests = null!;

    protected override SimulatedClusterOptions CreateOptions()
    {
        var options = base.CreateOptions();
        _manifests = Path.Combine(options.DataPath!, "manifests");
        Directory.CreateDirectory(Path.Combine(_manifests, "team-b"));
        File.WriteAllText(Path.Combine(_manifests, "app.yaml"), """
            # an AnalysisTemplate and a Rollout in one file
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata:
              name: canary-safety
              namespace: shop
            spec:
              metrics:
              - name: safe-weight
                successCondition: "result > 0"
                provider:
                  web:
                    url: http://canary-dashboard/analyze
                    jsonPath: "{$.weight}"
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: web
              namespace: shop
              annotations:
                simulation.canary-dashboard.io/scenario: PoolExhaustion
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: "web:1.0"}]
              strategy:
                canary:
                  steps:
                  - setWeight: 10
                  - pause: {}
                  - pause: {duration: 1m}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: not-served, namespace: shop}
            ---
            """);
        File.WriteAllText(Path.Combine(_manifests, "team-b", "api.json"), """
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout",
             "metadata":{"name":"api","namespace":"team-b"},
             "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"api","image":"api:2"}]}},
                     "strategy":{"canary":{"steps":[{"setWeight":5},{"pause":{}}]}}}}
            """);
        File.WriteAllText(Path.Combine(_manifests, "broken.yaml"), """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: broken
              namespace: shop
            spec:
              replicas: [1, 2
            """);
        File.WriteAllText(Path.Combine(_manifests, "broken.json"), "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \n}");
        File.WriteAllText(Path.Combine(_manifests, "list.yml"), """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Service
              metadata: {name: web-canary, namespace: shop}
              spec: {ports: [{port: 80}]}
            - apiVersion: argoproj.io/v1alpha1
              kind: Rollout
              metadata: {namespace: shop}
              spec: {}
            """);
        File.WriteAllText(Path.Combine(_manifests, "legacy-rs.yaml"), """
            # as in Argo's own fixtures: a ReplicaSet written with an old group version
            apiVersion: extensions/v1beta1
            kind: ReplicaSet
            metadata: {name: web-abc, namespace: shop, labels: {rollouts-pod-template-hash: abc}}
            spec: {replicas: 1}
            """);
        File.WriteAllText(Path.Combine(_manifests, "notes.txt"), "not a manifest");
        options.ManifestsPath = _manifests;
        options.RunController = false;
        return options;
    }

    [Fact]
    public void Bad_files_and_documents_are_reported_by_name_and_line_and_the_rest_loads()
    {
        var report = Cluster.Manifests!;

        Assert.Equal(
            ["AnalysisTemplate shop/canary-safety", "Rollout shop/web", "ReplicaSet shop/web-abc", "Service shop/web-canary", "Rollout team-b/api"],
            report.Loaded.Select(l => $"{l.Kind} {l.Namespace}/{l.Name}"));
        var problems = report.Problems.Select(p => p.ToString()).ToList();
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("app.yaml:37: v1 ConfigMap is not served by the simulated cluster", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("broken.json:4: not valid JSON", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("broken.yaml:8: not valid YAML", StringComparison.Ordinal));
        Assert.Contains(problems, p => p == "list.yml:1: Rollout has no metadata.name");
    }

    [Fact]
    public async Task Loaded_rollouts_are_served_with_yaml_types_resolved()
    {
        var web = ToNode(await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, "shop", Rollouts, "web"));
        Assert.Equal(3, Json.Int(web["spec"]!["replicas"]));
        Assert.Equal(10, Json.Int(web["spec"]!["strategy"]!["canary"]!["steps"]![0]!["setWeight"]));
        Assert.Equal("1m", Json.Str(web["spec"]!["strategy"]!["canary"]!["steps"]![2]!["pause"]!["duration"]));
        Assert.Equal("{$.weight}", Json.Str(ToNode(await Client.CustomObjects.GetNamespacedCustomObjectAsync(
            Group, Version, "shop", "analysistemplates", "canary-safety"))["spec"]!["metrics"]![0]!["provider"]!["web"]!["jsonPath"]));

        var legacy = await Client.AppsV1.ReadNamespacedReplicaSetAsync("web-abc", "shop");
        Assert.Equal("apps/v1", legacy.ApiVersion);

        Cluster.Controller.ReconcileAll();
        var api = ToNode(await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, "team-b", Rollouts, "api"));
        Assert.Equal("Healthy", Json.Str(api["status"]!["phase"]));
    }
}
