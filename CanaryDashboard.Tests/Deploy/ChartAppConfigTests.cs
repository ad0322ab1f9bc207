using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CanaryDashboard.Configuration;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace CanaryDashboard.Tests.Deploy;

/// <summary>
/// What the chart hands the app is something the app understands: the ConfigMap's appsettings
/// overlay (values.config, in every ci scenario) binds to CanaryDashboardOptions without unknown
/// keys and passes the app's own validator, and the Deployment's environment names real settings.
/// </summary>
public class ChartAppConfigTests
{
    /// <summary>Settings the app reads that are not CanaryDashboardOptions (ASP.NET Core's own).</summary>
    private static readonly string[] HostSections = ["Logging", "AllowedHosts", "Urls"];

    public static TheoryData<string> Scenarios() =>
        new(ChartFiles.PlainYamlFiles().Where(f => f.StartsWith("ci/", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void The_appsettings_overlay_binds_without_unknown_keys_and_is_valid(string scenario)
    {
        var config = ChartConfigOverlay(scenario);

        foreach (var (section, value) in config)
        {
            if (HostSections.Contains(section))
                continue;
            var property = typeof(CanaryDashboardOptions).GetProperty(section, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            Assert.True(property is not null, $"config.{section} is not a section of the app's configuration");
            var target = Activator.CreateInstance(property.PropertyType)!;
            var ex = Record.Exception(() => Build(new JsonObject { [section] = value!.DeepClone() })
                .GetSection(section).Bind(target, o => o.ErrorOnUnknownConfiguration = true));
            Assert.True(ex is null, $"config.{section}: {ex?.Message}");
        }

        var options = EffectiveOptions(config);
        var result = new CanaryDashboardOptionsValidator().Validate(null, options);
        Assert.True(result.Succeeded, $"{scenario}: {string.Join("; ", result.Failures ?? [])}");
        Assert.Equal(ClusterMode.InCluster, options.Cluster.Mode);
    }

    [Fact]
    public void The_Deployment_sets_only_environment_variables_that_name_real_settings()
    {
        var deployment = ChartFiles.ReadText("templates/deployment.yaml");
        var names = Regex.Matches(deployment, @"- name: ([A-Za-z_][A-Za-z0-9_]*)").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("Cluster__Mode", names);
        Assert.Contains("Storage__DataPath", names);
        Assert.Contains("Cluster__Namespaces__", names); // followed by {{ $index }}

        foreach (var name in names.Where(n => n.Contains("__", StringComparison.Ordinal)))
        {
            var type = typeof(CanaryDashboardOptions);
            foreach (var part in name.Split("__", StringSplitOptions.RemoveEmptyEntries))
            {
                var property = type.GetProperty(part);
                Assert.True(property is not null, $"env {name}: {type.Name} has no property {part}");
                type = property.PropertyType;
            }
        }

        Assert.Matches(new Regex(@"- name: Cluster__Mode\s+value: InCluster\n"), deployment);
        Assert.Matches(new Regex(@"- name: Storage__DataPath\s+value: \{\{ \.Values\.persistence\.mountPath \| quote \}\}"), deployment);
        Assert.Matches(new Regex(@"- name: Urls\s+value: ""http://0\.0\.0\.0:\{\{ \.Values\.containerPort \}\}"""), deployment);
        Assert.Matches(new Regex(@"- name: data\s+mountPath: \{\{ \.Values\.persistence\.mountPath \}\}"), deployment);
    }

    [Fact]
    public void CANARY_CONFIG_points_at_the_mounted_ConfigMap_key()
    {
        var deployment = ChartFiles.ReadText("templates/deployment.yaml");
        var path = Regex.Match(deployment, @"- name: CANARY_CONFIG\s+value: (\S+)").Groups[1].Value;
        var mount = Regex.Match(deployment, @"- name: config\s+mountPath: (\S+)").Groups[1].Value;
        Assert.NotEmpty(path);
        Assert.Equal(mount + "/appsettings.json", path);
        Assert.Contains("  appsettings.json: |\n    {{- .Values.config | toPrettyJson | nindent 4 }}", ChartFiles.ReadText("templates/configmap.yaml"));
    }

    [Fact]
    public void The_pod_runs_non_root_on_a_read_only_root_filesystem_with_probes_on_healthz_and_livez()
    {
        var values = ChartFiles.LoadMapping("values.yaml");
        Assert.Equal("true", values.Scalar("podSecurityContext.runAsNonRoot"));
        Assert.NotEqual(0, int.Parse(values.Scalar("podSecurityContext.runAsUser")));
        Assert.NotEqual(0, int.Parse(values.Scalar("podSecurityContext.fsGroup")));
        Assert.Equal("true", values.Scalar("securityContext.readOnlyRootFilesystem"));
        Assert.Equal("/healthz", values.Scalar("readinessProbe.httpGet.path"));
        Assert.Equal("/livez", values.Scalar("livenessProbe.httpGet.path"));
        Assert.Equal("1", values.Scalar("replicaCount"));
        Assert.Equal("false", values.Scalar("readOnly"));
    }

    /// <summary>values.config after Helm's merge of a ci scenario over values.yaml.</summary>
    internal static JsonObject ChartConfigOverlay(string scenario)
    {
        var defaults = YamlJson.ToJson(ChartFiles.LoadMapping("values.yaml"));
        var overrides = YamlJson.ToJson(ChartFiles.LoadDocuments(scenario)[0].RootNode);
        var merged = Assert.IsType<JsonObject>(YamlJson.Merge(defaults, overrides));
        return Assert.IsType<JsonObject>(merged["config"]);
    }

    /// <summary>
    /// The options the pod ends with: the image's appsettings.json, then the ConfigMap's file
    /// (CANARY_CONFIG), then the Deployment's environment.
    /// </summary>
    internal static CanaryDashboardOptions EffectiveOptions(JsonObject config)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(ChartFiles.RepositoryRoot, "appsettings.json"), optional: false)
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(config.ToJsonString())))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cluster:Mode"] = "InCluster",
                ["Storage:DataPath"] = ChartFiles.LoadMapping("values.yaml").Scalar("persistence.mountPath"),
            })
            .Build();
        var options = new CanaryDashboardOptions();
        configuration.Bind(options);
        return options;
    }

    private static IConfigurationRoot Build(JsonObject json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString()))).Build();
}
