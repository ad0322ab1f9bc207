using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Analysis.JsonPath;
using CanaryDashboard.Simulation.Analysis.Runs;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Workload;

namespace CanaryDashboard.Simulation.Analysis.Providers;

/// <summary>
/// Builds the provider of a metric, as metricproviders/metricproviders.go <c>NewProvider</c> and
/// <c>Type</c> do: <c>web</c> (really over HTTP, loopback only) and this simulation's own
/// <c>simulated</c> (the weight engine on the simulated workload). Argo's other providers
/// (prometheus, job, datadog, …) are recognised but not simulated: building one fails with a
/// message saying so, and the measurement is an Error, as any provider that cannot be built is.
/// </summary>
public sealed class MetricProviders(ClusterDns dns, LoopbackHttp http, ObjectStore store, SimulatedWorkload workload, TimeProvider time)
{
    public const string Simulated = "simulated";

    /// <summary>
    /// The engine parameters the simulated provider judges a rollout with. A simulation alone uses
    /// the engine's defaults; the app sets its parameter resolver here (the arrow points from the
    /// app to the simulation, never back).
    /// </summary>
    public Func<RolloutKey, EngineParameters> EngineParameters { get; set; } = _ => Engine.EngineParameters.Default;

    /// <summary>The provider keys of <c>MetricProvider</c> (analysis_types.go) in the order <c>Type</c> tests them, with Argo's type names.</summary>
    private static readonly (string Key, string Type)[] Known =
    [
        ("prometheus", "Prometheus"), ("job", "Job"), ("kayenta", "Kayenta"), ("web", "Web"), ("datadog", "Datadog"),
        ("wavefront", "Wavefront"), ("newRelic", "NewRelic"), ("cloudWatch", "CloudWatch"), ("graphite", "Graphite"),
        ("influxdb", "Influxdb"), ("skywalking", "SkyWalking"), ("plugin", "RPCPlugin"), (Simulated, "Simulated"),
    ];

    /// <summary>metricproviders.go <c>Type</c>: the first provider the metric sets.</summary>
    public static string TypeOf(MetricSpec metric)
    {
        foreach (var (key, type) in Known)
        {
            if (metric.Provider[key] is not null)
                return type;
        }
        return "Unknown Provider";
    }

    /// <summary>How many providers a metric sets (utils/analysis/factory.go <c>ValidateMetric</c>; each plugin counts).</summary>
    public static int CountOf(MetricSpec metric) =>
        Known.Sum(k => k.Key == "plugin"
            ? (metric.Provider["plugin"] as System.Text.Json.Nodes.JsonObject)?.Count ?? 0
            : metric.Provider[k.Key] is null ? 0 : 1);

    public IMetricProvider Create(MetricSpec metric)
    {
        switch (TypeOf(metric))
        {
            case "Web":
                var web = metric.Provider["web"] as System.Text.Json.Nodes.JsonObject ?? [];
                if (Json.Str(web["authentication"]?["oauth2"]?["tokenUrl"]) is { Length: > 0 })
                    throw new MetricProviderException("the simulated web provider does not fetch OAuth2 tokens (provider.web.authentication.oauth2)");
                KubeJsonPath jsonPath;
                try
                {
                    jsonPath = KubeJsonPath.Parse(Json.Str(web["jsonPath"]));
                }
                catch (FormatException e)
                {
                    throw new MetricProviderException(e.Message);
                }
                return new WebMetricProvider(dns, http, jsonPath, time);
            case "Simulated":
                return new SimulatedMetricProvider(store, workload, time, EngineParameters);
            case "Unknown Provider":
                throw new MetricProviderException($"no valid provider in metric '{metric.Name}'");
            case var other:
                throw new MetricProviderException(
                    $"the simulated cluster does not run Argo's {other} metric provider (metric '{metric.Name}'): use the web provider (for example against the dashboard's /analyze) or the simulated one");
        }
    }
}
