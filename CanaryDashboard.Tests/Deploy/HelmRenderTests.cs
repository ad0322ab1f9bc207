using System.Text.Json.Nodes;
using CanaryDashboard.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace CanaryDashboard.Tests.Deploy;

/// <summary>
/// The chart rendered by the real Helm, once per ci scenario: it lints, its Roles grant exactly
/// KubernetesAccess (without the write rules when read-only), and the objects fit together as the
/// pod needs them (env, volumes, probes, Service, Ingress, the example AnalysisTemplate).
/// </summary>
public class HelmRenderTests
{
    private const string Default = "ci/default-values.yaml";
    private const string ReadOnly = "ci/read-only-values.yaml";
    private const string Namespaced = "ci/namespaced-values.yaml";
    private const string WithIngress = "ci/ingress-values.yaml";

    public static TheoryData<string> Scenarios() =>
        new(ChartFiles.PlainYamlFiles().Where(f => f.StartsWith("ci/", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Helm_lint_strict_passes(string scenario)
    {
        var lint = HelmRenderer.Run(["lint", "--strict", ChartFiles.ChartDirectory, "--values", ChartFiles.PathOf(scenario)]);
        Assert.True(lint.ExitCode == 0, lint.Output + lint.Error);
    }

    [Theory]
    [InlineData(Default, false)]
    [InlineData(ReadOnly, true)]
    public void The_rendered_ClusterRole_grants_exactly_KubernetesAccess(string scenario, bool readOnly)
    {
        var render = Rendered(scenario);
        Assert.Empty(render.OfKind("Role"));
        var role = render.Single("ClusterRole");
        AssertGrants(KubernetesAccess.For(readOnly), role);

        var binding = render.Single("ClusterRoleBinding");
        Assert.Equal(role.Scalar("metadata.name"), binding.Scalar("roleRef.name"));
        Assert.Equal("ClusterRole", binding.Scalar("roleRef.kind"));
        AssertBindsTheServiceAccount(render, binding);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void With_watchNamespaces_each_namespace_gets_a_Role_and_no_cluster_access(bool readOnly)
    {
        var render = Rendered(Namespaced, $"readOnly={readOnly.ToString().ToLowerInvariant()}");
        Assert.Empty(render.OfKind("ClusterRole"));
        Assert.Empty(render.OfKind("ClusterRoleBinding"));

        var roles = render.OfKind("Role");
        Assert.Equal(["team-a", "team-b"], roles.Select(r => r.Scalar("metadata.namespace")).Order());
        Assert.All(roles, role => AssertGrants(KubernetesAccess.For(readOnly), role));

        var bindings = render.OfKind("RoleBinding");
        Assert.Equal(["team-a", "team-b"], bindings.Select(b => b.Scalar("metadata.namespace")).Order());
        Assert.All(bindings, binding =>
        {
            Assert.Equal("Role", binding.Scalar("roleRef.kind"));
            AssertBindsTheServiceAccount(render, binding);
        });

        var env = Env(render);
        Assert.Equal("team-a", env["Cluster__Namespaces__0"]);
        Assert.Equal("team-b", env["Cluster__Namespaces__1"]);
    }

    [Fact]
    public void The_Deployment_runs_non_root_read_only_with_the_data_volume_at_Storage_DataPath()
    {
        var render = Rendered(Default);
        var deployment = render.Single("Deployment");
        var pod = deployment.Required("spec.template.spec");
        var container = Assert.Single(((YamlSequenceNode)pod.Required("containers")).Children);
        var env = Env(render);

        Assert.Equal("1", deployment.Scalar("spec.replicas"));
        Assert.Equal("Recreate", deployment.Scalar("spec.strategy.type"));
        Assert.Equal(render.Single("ServiceAccount").Scalar("metadata.name"), pod.Scalar("serviceAccountName"));

        Assert.Equal("true", pod.Scalar("securityContext.runAsNonRoot"));
        Assert.NotEqual("0", pod.Scalar("securityContext.runAsUser"));
        Assert.NotEqual("0", pod.Scalar("securityContext.fsGroup"));
        Assert.Equal("true", container.Scalar("securityContext.readOnlyRootFilesystem"));
        Assert.Equal("false", container.Scalar("securityContext.allowPrivilegeEscalation"));

        var port = Assert.Single(((YamlSequenceNode)container.Required("ports")).Children);
        Assert.Equal($"http://0.0.0.0:{port.Scalar("containerPort")}", env["Urls"]);
        Assert.Equal("InCluster", env["Cluster__Mode"]);
        Assert.Equal(("/healthz", "http"), (container.Scalar("readinessProbe.httpGet.path"), container.Scalar("readinessProbe.httpGet.port")));
        Assert.Equal(("/livez", "http"), (container.Scalar("livenessProbe.httpGet.path"), container.Scalar("livenessProbe.httpGet.port")));
        Assert.Equal("http", port.Scalar("name"));

        // The writable places of a read-only root filesystem: the data volume and /tmp.
        var mounts = ((YamlSequenceNode)container.Required("volumeMounts")).Children.ToDictionary(m => m.Scalar("name"), m => m.Scalar("mountPath"));
        var volumes = ((YamlSequenceNode)pod.Required("volumes")).Children.ToDictionary(v => v.Scalar("name"));
        Assert.Equal(mounts["data"], env["Storage__DataPath"]);
        Assert.Equal(render.Single("PersistentVolumeClaim").Scalar("metadata.name"), volumes["data"].Scalar("persistentVolumeClaim.claimName"));
        Assert.Equal("/tmp", mounts["tmp"]);
        Assert.NotNull(volumes["tmp"].Child("emptyDir"));

        // CANARY_CONFIG names the ConfigMap's key where it is mounted.
        Assert.Equal(mounts["config"] + "/appsettings.json", env["CANARY_CONFIG"]);
        var configMap = render.Single("ConfigMap");
        Assert.Equal(configMap.Scalar("metadata.name"), volumes["config"].Scalar("configMap.name"));
        var appsettings = Assert.IsType<YamlScalarNode>(configMap.Required("data").Child("appsettings.json")).Value!;
        Assert.IsType<JsonObject>(JsonNode.Parse(appsettings));
    }

    [Fact]
    public void The_persistent_volume_follows_the_persistence_values()
    {
        var pvc = Rendered(Default).Single("PersistentVolumeClaim");
        Assert.Equal("1Gi", pvc.Scalar("spec.resources.requests.storage"));
        Assert.Equal("ReadWriteOnce", ((YamlScalarNode)((YamlSequenceNode)pvc.Required("spec.accessModes")).Children.Single()).Value);
        Assert.Null(pvc.Child("spec")!.Child("storageClassName"));

        Assert.Equal("fast", Rendered(Default, "persistence.storageClass=fast").Single("PersistentVolumeClaim").Scalar("spec.storageClassName"));
        Assert.Equal("", Rendered(Default, "persistence.storageClass=-").Single("PersistentVolumeClaim").Scalar("spec.storageClassName"));

        var existing = Rendered(Default, "persistence.existingClaim=history");
        Assert.Empty(existing.OfKind("PersistentVolumeClaim"));
        Assert.Equal("history", DataVolume(existing).Scalar("persistentVolumeClaim.claimName"));

        var ephemeral = Rendered(ReadOnly); // persistence.enabled=false
        Assert.Empty(ephemeral.OfKind("PersistentVolumeClaim"));
        Assert.NotNull(DataVolume(ephemeral).Child("emptyDir"));
    }

    [Fact]
    public void The_Service_reaches_the_pods_http_port()
    {
        var render = Rendered(Default);
        var service = render.Single("Service");
        var podLabels = (YamlMappingNode)render.Single("Deployment").Required("spec.template.metadata.labels");
        Assert.All(((YamlMappingNode)service.Required("spec.selector")).Children, kv => Assert.Equal(kv.Value, podLabels.Children[kv.Key]));
        Assert.Equal("http", Assert.Single(((YamlSequenceNode)service.Required("spec.ports")).Children).Scalar("targetPort"));
    }

    [Fact]
    public void The_Ingress_keeps_a_browser_on_one_pod_and_keeps_user_annotations()
    {
        var render = Rendered(WithIngress);
        var ingress = render.Single("Ingress");
        var annotations = ((YamlMappingNode)ingress.Required("metadata.annotations")).Children
            .ToDictionary(kv => kv.Key.ToString(), kv => kv.Value.ToString());

        Assert.Equal("cookie", annotations["nginx.ingress.kubernetes.io/affinity"]);
        Assert.Equal("persistent", annotations["nginx.ingress.kubernetes.io/affinity-mode"]);
        Assert.Equal("canary-dashboard-affinity", annotations["nginx.ingress.kubernetes.io/session-cookie-name"]);
        Assert.True(int.Parse(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600);
        Assert.Equal("1m", annotations["nginx.ingress.kubernetes.io/proxy-body-size"]);

        var rule = ((YamlSequenceNode)ingress.Required("spec.rules")).Children.Single();
        var backend = ((YamlSequenceNode)rule.Required("http.paths")).Children.Single().Required("backend.service");
        Assert.Equal(render.Single("Service").Scalar("metadata.name"), backend.Scalar("name"));
        Assert.Equal("http", backend.Scalar("port.name"));
        Assert.Equal("ClientIP", render.Single("Service").Scalar("spec.sessionAffinity"));

        var plain = Rendered(WithIngress, "ingress.stickySessions=false").Single("Ingress");
        var plainKeys = ((YamlMappingNode)plain.Required("metadata.annotations")).Children.Keys.Select(k => k.ToString());
        Assert.Equal(["nginx.ingress.kubernetes.io/proxy-body-size"], plainKeys);
    }

    [Fact]
    public void The_example_AnalysisTemplate_is_the_plain_file_pointed_at_this_release()
    {
        Assert.Empty(Rendered(Default).OfKind("AnalysisTemplate"));

        var render = Rendered(Namespaced); // examples.enabled, in team-a
        var rendered = render.Single("AnalysisTemplate");
        Assert.Equal("team-a", rendered.Scalar("metadata.namespace"));
        var service = render.Single("Service");
        var url = ((YamlSequenceNode)rendered.Required("spec.metrics")).Children.Single().Scalar("provider.web.url");
        Assert.Equal(
            $"http://{service.Scalar("metadata.name")}.{HelmRenderer.Namespace}.svc.cluster.local:{((YamlSequenceNode)service.Required("spec.ports")).Children.Single().Scalar("port")}" +
            "/analyze?namespace={{args.namespace}}&rollout={{args.rollout}}", url);

        // Everything else is the example file, unchanged.
        var expected = YamlJson.ToJson(ChartFiles.LoadMapping("examples/analysis-template.yaml").Required("spec"))!;
        var actual = YamlJson.ToJson(rendered.Required("spec"))!;
        foreach (var spec in new[] { expected, actual })
            spec["metrics"]![0]!["provider"]!["web"]!.AsObject().Remove("url");
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\nactual   {actual.ToJsonString()}");
    }

    [Theory]
    [InlineData("replicaCount=2", "DESIGN §7")]
    [InlineData("config.Cluster.Mode=Simulated", "config.Cluster")]
    public void The_chart_refuses_what_the_app_cannot_do(string set, string reason)
    {
        var render = HelmRenderer.Template(Default, set);
        Assert.NotEqual(0, render.ExitCode);
        Assert.Contains(reason, render.Error);
    }

    internal static HelmRender Rendered(string scenario, params string[] sets)
    {
        var render = HelmRenderer.Template(scenario, sets);
        Assert.True(render.ExitCode == 0, $"helm template {scenario} {string.Join(' ', sets)} failed: {render.Error}");
        return render;
    }

    private static Dictionary<string, string> Env(HelmRender render) =>
        ((YamlSequenceNode)((YamlSequenceNode)render.Single("Deployment").Required("spec.template.spec.containers")).Children.Single().Required("env"))
        .Children.ToDictionary(e => e.Scalar("name"), e => e.Scalar("value"));

    private static YamlNode DataVolume(HelmRender render) =>
        ((YamlSequenceNode)render.Single("Deployment").Required("spec.template.spec.volumes")).Children.Single(v => v.Scalar("name") == "data");

    private static void AssertBindsTheServiceAccount(HelmRender render, YamlMappingNode binding)
    {
        var subject = Assert.Single(((YamlSequenceNode)binding.Required("subjects")).Children);
        Assert.Equal("ServiceAccount", subject.Scalar("kind"));
        Assert.Equal(render.Single("ServiceAccount").Scalar("metadata.name"), subject.Scalar("name"));
        Assert.Equal(HelmRenderer.Namespace, subject.Scalar("namespace"));
    }

    private static void AssertGrants(IEnumerable<AccessRule> expected, YamlMappingNode role)
    {
        var want = expected.SelectMany(r => r.Verbs.Select(v => $"{r.ApiGroup}|{r.Resource}|{v}")).ToHashSet();
        var have = ((YamlSequenceNode)role.Required("rules")).Children.SelectMany(rule =>
            from g in Items(rule, "apiGroups") from r in Items(rule, "resources") from v in Items(rule, "verbs") select $"{g}|{r}|{v}").ToHashSet();
        Assert.True(want.SetEquals(have),
            $"{role.Scalar("kind")} {role.Scalar("metadata.name")}: missing [{string.Join(", ", want.Except(have))}], extra [{string.Join(", ", have.Except(want))}]");
    }

    private static IEnumerable<string> Items(YamlNode rule, string key) =>
        ((YamlSequenceNode)rule.Required(key)).Children.Select(n => ((YamlScalarNode)n).Value ?? "");
}
