using System.Diagnostics;
using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Model;
using CanaryDashboard.Polling;
using CanaryDashboard.Simulation.Workload;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;
using CanaryDashboard.Tests.PrometheusTesting;
using CanaryDashboard.Tests.RealPrometheus;
using CanaryDashboard.Workload;
using Xunit.Abstractions;

namespace CanaryDashboard.Tests.Polling;

/// <summary>
/// The whole loop on real parts: the workload serves a canary and a stable version, a real
/// Prometheus scrapes it every second, the poller (its own 1 s loop, real time) reads it through the
/// Prometheus source, and the simulated cluster's rollout whose label values point at that workload
/// is aborted by the circuit breaker after a latency regression is injected as soon as the loop reads the
/// rollout healthy (the rate window is full from the start, so that is its first look: the regression lands
/// at the rung's start, as a bad version is bad from its first request). The evidence counts requests since
/// the rung's entry, so a healthy stretch before the regression would dilute it and take longer. The time from the injection to the abort patch is printed (and appended
/// to <c>$TMPDIR/poller-injection-to-abort.txt</c>, for the README's five runs).
/// </summary>
public sealed class PollerRealPrometheusTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Job = "cart-poller";
    private static readonly VersionProfile Healthy = new(100, 0.05, 0.15, 0.005);
    private WorkloadHost _workload = null!;
    private PrometheusServer _prometheus = null!;

    public async Task InitializeAsync()
    {
        _workload = await WorkloadHost.StartAsync();
        _workload.Configure(new JobProfile(Job, Healthy, Healthy));
        _prometheus = await PrometheusServer.StartAsync([_workload.BaseAddress], "prometheus-poller");
        await _prometheus.WaitForTargetsUpAsync(TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        await _workload.DisposeAsync();
    }

    [Fact]
    public async Task A_latency_regression_injected_into_the_workload_gets_the_rollout_aborted_by_the_loop()
    {
        var options = new CanaryDashboardOptions();
        options.Prometheus.BaseUrl = _prometheus.BaseAddress.ToString();
        options.Prometheus.RateWindow = PrometheusWorkloadFixture.RateWindow;
        using var prometheus = new PrometheusSourceFactory(options);
        await using var h = await PollerHarness.StartAsync(
            [new("shop", "cart", TrafficScenario.Healthy, 10, TrafficRouting: true, AtWeight: 20)],
            new() { ["Polling:Interval"] = "00:00:01", ["Prometheus:RateWindow"] = PrometheusWorkloadFixture.RateWindow },
            realTime: true, metricsSource: prometheus.Source);
        var key = new RolloutKey("shop", "cart");
        // The rollout's label values point at the workload's service; the versions are the defaults (v2-canary, v1-stable).
        await h.Settings.SaveAsync(key, RolloutSettings.Default with { Policy = RolloutPolicy.Auto, Job = Job }, "test", CancellationToken.None);

        var proceeding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstBreach = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var abortSent = new TaskCompletionSource<(DateTimeOffset At, PolledRollout Polled)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var injected = false;
        h.Poller.CycleCompleted += report =>
        {
            if (report.Polled.FirstOrDefault(p => p.Rollout == key) is not { } polled)
                return;
            if (polled.Engine.Verdict == Verdict.Proceed)
                proceeding.TrySetResult();
            if (Volatile.Read(ref injected) && polled.Evidence?.Verdict == EvidenceVerdict.Breach)
                firstBreach.TrySetResult(DateTimeOffset.UtcNow);
            if (polled.Outcome is { Action: RolloutAction.Abort, IsSuccess: true })
                abortSent.TrySetResult((DateTimeOffset.UtcNow, polled));
        };
        await h.Poller.StartAsync(CancellationToken.None);

        // Healthy first: the window fills and the engine proceeds on real data.
        await proceeding.Task.WaitAsync(TimeSpan.FromSeconds(150));
        Assert.False(abortSent.Task.IsCompleted);
        Assert.False(h.Snapshots.Get(key)!.Aborted);

        // +60 ms on the canary from now on (p99 149 ms → 209 ms, a delta of +40 %).
        var clock = Stopwatch.StartNew();
        var injectedAt = _workload.Configure(new JobProfile(Job, Healthy, Healthy with { LatencyMinSeconds = 0.11, LatencyMaxSeconds = 0.21 }));
        Volatile.Write(ref injected, true);

        var (abortAt, abort) = await abortSent.Task.WaitAsync(TimeSpan.FromSeconds(150));
        var injectionToAbort = clock.Elapsed;
        Assert.Equal(EvidenceVerdict.Breach, abort.Evidence!.Verdict);
        Assert.Matches(@"^breach 2 of 2 \(p99 \+[\d.]+ % \[\+[\d.]+ %, [^\]]+\] at 95 %, [\d,]+ requests: above the 20 % threshold\) → abort$", abort.Decision.Rule);
        Assert.Equal("""{"status":{"abort":true}}""", Assert.Single(abort.Outcome!.Sent).Body);

        var aborted = await h.ReconcileUntilAsync("cart", s => s.Aborted && s.Status == "Degraded", "the simulated cluster shows the abort");
        Assert.Equal(0, aborted.SetWeightPercent);

        var breachAt = await firstBreach.Task;
        output.WriteLine($"injection → abort patch: {injectionToAbort.TotalSeconds:0.0} s " +
                         $"(injection → first breaching poll {(breachAt - injectedAt).TotalSeconds:0.0} s, first breach → abort {(abortAt - breachAt).TotalSeconds:0.0} s; " +
                         $"poll interval 1 s, rate window {PrometheusWorkloadFixture.RateWindow}, scrape 1 s, M = 2)");
        output.WriteLine($"abort decision: {abort.Decision.Rule}; engine: {abort.Engine.Reason}");
        await File.AppendAllTextAsync(Path.Combine(Path.GetTempPath(), "poller-injection-to-abort.txt"),
            $"{DateTimeOffset.UtcNow:O} injection → abort patch {injectionToAbort.TotalSeconds:0.00} s; first breach {(breachAt - injectedAt).TotalSeconds:0.00} s\n");
    }
}
