using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis.Runs;

namespace CanaryDashboard.Simulation.Analysis.Providers;

/// <summary>
/// A metric provider as Argo's analysis controller drives it (utils/metric <c>Provider</c>): take a
/// measurement; resume or terminate one left in flight (neither provider here leaves any: both
/// finish in <see cref="RunAsync"/>, as webmetric.go does).
/// </summary>
public interface IMetricProvider
{
    /// <summary>Argo's provider type name (<c>Web</c>, …).</summary>
    string Type { get; }

    Task<Measurement> RunAsync(JsonObject run, MetricSpec metric, CancellationToken cancellationToken);

    Measurement Resume(JsonObject run, MetricSpec metric, Measurement measurement) => measurement;

    Measurement Terminate(JsonObject run, MetricSpec metric, Measurement measurement) => measurement;

    /// <summary>What the provider records in <c>metricResults[].metadata</c> (the web provider: nothing).</summary>
    JsonObject? Metadata(MetricSpec metric) => null;
}

/// <summary>A provider that cannot be built for a metric (Argo: <c>newProvider</c> fails and the measurement is an Error with this message).</summary>
public sealed class MetricProviderException(string message) : Exception(message);
