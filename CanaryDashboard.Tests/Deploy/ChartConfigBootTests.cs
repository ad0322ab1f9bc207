using System.Net;
using System.Text.Json.Nodes;
using CanaryDashboard.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using YamlDotNet.RepresentationModel;

namespace CanaryDashboard.Tests.Deploy;

/// <summary>CANARY_CONFIG is process-wide: tests that set it run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;

/// <summary>
/// The real app, started the way the pod starts it: CANARY_CONFIG names the appsettings.json of
/// the ConfigMap Helm renders. It loads that file and answers the probe paths the rendered
/// Deployment gives Kubernetes.
/// </summary>
[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class ChartConfigBootTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "chart-boot-" + Guid.NewGuid().ToString("N"));
    private readonly string? _previousConfig = Environment.GetEnvironmentVariable("CANARY_CONFIG");

    [Fact]
    public async Task The_app_reads_the_ConfigMaps_file_and_answers_the_chart_probe_paths()
    {
        Directory.CreateDirectory(_folder);
        var render = HelmRenderTests.Rendered("ci/default-values.yaml");
        var rendered = ((YamlScalarNode)render.Single("ConfigMap").Required("data").Child("appsettings.json")!).Value!;
        var overlay = (JsonObject)JsonNode.Parse(rendered)!;
        var configFile = Path.Combine(_folder, "appsettings.json");
        await File.WriteAllTextAsync(configFile, rendered);
        Environment.SetEnvironmentVariable("CANARY_CONFIG", configFile);

        // Stand-in for Storage__DataPath=/data, which is the pod's volume and not writable here.
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataPath"] = Path.Combine(_folder, "data"),
            })));
        using var client = app.CreateClient();

        var container = ((YamlSequenceNode)render.Single("Deployment").Required("spec.template.spec.containers")).Children.Single();
        var readiness = await client.GetAsync(container.Scalar("readinessProbe.httpGet.path"));
        var liveness = await client.GetAsync(container.Scalar("livenessProbe.httpGet.path"));
        Assert.True(readiness.StatusCode == HttpStatusCode.OK, await readiness.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, liveness.StatusCode);

        var options = app.Services.GetRequiredService<IOptions<CanaryDashboardOptions>>().Value;
        Assert.Equal(overlay["Prometheus"]!["BaseUrl"]!.GetValue<string>(), options.Prometheus.BaseUrl);
        Assert.NotEqual(new PrometheusOptions().BaseUrl, options.Prometheus.BaseUrl);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("CANARY_CONFIG", _previousConfig);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* SQLite may still hold a file */ }
    }
}
