using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis;
using CanaryDashboard.Simulation.Analysis.Runs;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Workload;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.AnalyzeContract;

/// <summary>
/// The simulated Argo analysis controller (<see cref="AnalysisRunReconciler"/>: analysis/analysis.go,
/// its web provider webmetric.go and the condition evaluator evaluate.go) measuring one AnalysisRun
/// against a running app: the template's in-cluster URL resolves to the app, whose handler
/// (<c>WebApplicationFactory.Server.CreateHandler()</c>) answers the real HTTP request. Argo's clock
/// is fake, so intervals and error retries pass without sleeping; the app keeps its real clock.
/// </summary>
internal sealed class ArgoAnalysisOfApp : IDisposable
{
    private readonly AnalysisController _controller;

    public ArgoAnalysisOfApp(HttpMessageHandler app, JsonObject run)
    {
        _controller = new AnalysisController(new ObjectStore(Clock), new SimulatedWorkload(1), Clock, httpHandler: app);
        // Any loopback base works: the handler is the app itself, whatever the host.
        _controller.Dns.DashboardAddress = _ => Task.FromResult<Uri?>(new Uri("http://127.0.0.1/"));
        Run = run;
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public JsonObject Run { get; private set; }

    /// <summary>The run's phase (Running while no limit is crossed).</summary>
    public string Phase => Json.Str(Run["status"]?["phase"]) ?? "";

    public string? Message => Json.Str(Run["status"]?["message"]);

    /// <summary>The single metric's counters and measurements.</summary>
    public MetricResult Metric => MetricResult.FromJson(Run["status"]!["metricResults"]![0]!.AsObject());

    public Measurement LastMeasurement => Metric.LastMeasurement!;

    /// <summary>
    /// Takes the next measurement: the first at once, each later one after the metric's interval (or
    /// the 10 s error retry) has passed on Argo's clock, as analysis.go schedules them. Returns it.
    /// </summary>
    public async Task<Measurement> MeasureAsync()
    {
        var taken = Taken();
        for (var tries = 0; tries < 10; tries++)
        {
            Run = await _controller.Reconciler.ReconcileAsync(Run, Clock.GetUtcNow());
            if (Taken() > taken)
                return LastMeasurement;
            Clock.Advance(TimeSpan.FromSeconds(11));   // past the 10 s error retry; three of these pass the 30 s interval
        }
        throw new Xunit.Sdk.XunitException($"no new measurement was taken; run status: {Run["status"]?.ToJsonString()}");
    }

    /// <summary>Measurements taken so far (Argo keeps only the last 10, its counters count them all).</summary>
    private int Taken() => Run["status"]?["metricResults"]?[0] is JsonObject result && MetricResult.FromJson(result) is var r ? r.Count + r.Error : 0;

    public void Dispose() => _controller.Dispose();
}
