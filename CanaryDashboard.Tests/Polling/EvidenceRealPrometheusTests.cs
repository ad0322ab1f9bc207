using System.Diagnostics;
using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Model;
using CanaryDashboard.Polling;
using CanaryDashboard.Polling.Decisions;
using CanaryDashboard.Simulation.Workload;
using CanaryDashboard.Tests.PrometheusTesting;
using CanaryDashboard.Tests.RealPrometheus;
using CanaryDashboard.Workload;
using Xunit.Abstractions;

namespace CanaryDashboard.Tests.Polling;

/// <summary>One workload and one real Prometheus (1 s scrape) for the evidence tests; each test has its own service.</summary>
public sealed class EvidencePrometheusFixture : IAsyncLifetime
{
    public WorkloadHost Workload { get; private set; } = null!;
    public PrometheusServer Prometheus { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Workload = await WorkloadHost.StartAsync();
        Prometheus = await PrometheusServer.StartAsync([Workload.BaseAddress], "prometheus-evidence");
        await Prometheus.WaitForTargetsUpAsync(TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await Prometheus.DisposeAsync();
        await Workload.DisposeAsync();
    }
}

/// <summary>
/// Decisions on evidence through real parts (issue 10): the workload serves canary and stable with the
/// canary's share of the traffic following the rollout's weight, a real Prometheus scrapes it every second,
/// the poller (its own 1 s loop, real time) reads counts since the rung's entry through the Prometheus source,
/// and the simulated cluster acts. Waits are for conditions, never for fixed times.
/// </summary>
public sealed class EvidenceRealPrometheusTests(EvidencePrometheusFixture fixture, ITestOutputHelper output) : IClassFixture<EvidencePrometheusFixture>
{
    private const string Ns = "shop";

    [Fact]
    public async Task A_healthy_canary_with_a_few_requests_per_second_is_held_not_aborted()
    {
        // 100 req/s in all, the canary at 5 % (5 req/s), both versions failing 2 % of requests: a p99 and an
        // error rate from a few hundred requests are noise, which the point estimates used to abort on.
        var version = new VersionProfile(0, 0.05, 0.15, 0.02);
        await using var run = await StartAsync("quiet", atWeight: 5, totalRps: 100, version, version);

        var looks = await run.CollectAsync(r => r.Evidence is { } e && CanaryRequests(e) >= 100, count: 20, TimeSpan.FromSeconds(150));

        Assert.All(looks, p => Assert.Equal(PollAction.Hold, p.Decision.Action));
        Assert.All(looks, p => Assert.NotEqual(EvidenceVerdict.Breach, p.Evidence!.Verdict));
        Assert.Contains(looks, p => p.Decision.Rule.StartsWith("not enough evidence yet (", StringComparison.Ordinal));
        Assert.Empty(run.Aborts);
        Assert.False(run.Harness.Snapshots.Get(run.Key)!.Aborted);
        output.WriteLine($"last look: {looks[^1].Decision.Rule}");
    }

    [Fact]
    public async Task A_gross_regression_is_aborted_at_the_first_rung()
    {
        // 1,000 req/s in all, the canary at its first rung (1 %: 10 req/s), every canary request twice as slow (p99 +100 %).
        var stable = new VersionProfile(0, 0.05, 0.15, 0.005);
        var clock = Stopwatch.StartNew();
        await using var run = await StartAsync("gross", atWeight: 1, totalRps: 1000, stable, stable with { LatencyMinSeconds = 0.10, LatencyMaxSeconds = 0.30 });

        var abort = await run.AbortSent.Task.WaitAsync(TimeSpan.FromSeconds(150));
        Assert.Equal(EvidenceVerdict.Breach, abort.Evidence!.Verdict);
        Assert.Matches(@"^breach 2 of 2 \(p99 \+[\d.]+ % \[\+[\d.]+ %, [^\]]+\] at 95 %, [\d,]+ requests: above the 20 % threshold\) → abort$", abort.Decision.Rule);
        // Decided on its first rung: the last setWeight step at or before the step it stood on is the 1 % one.
        var position = abort.Position!;
        Assert.Equal(1, position.Rungs.Last(r => r.StepIndex <= position.CurrentStepIndex).Weight);
        output.WriteLine($"first rung (1 %, 10 req/s), p99 +100 %: abort sent {clock.Elapsed.TotalSeconds:0.0} s after the canary started; {abort.Decision.Rule}");
    }

    [Fact]
    public async Task An_advance_moves_one_rung_on_evidence_within_the_thresholds()
    {
        // 1,000 req/s, the canary at 20 % (200 req/s) and as good as stable; 10 s minimum at a rung.
        var version = new VersionProfile(0, 0.05, 0.15, 0.005);
        await using var run = await StartAsync("stepper", atWeight: 20, totalRps: 1000, version, version,
            new() { ["Polling:MinTimeAtRung"] = "00:00:10" });

        var advance = await run.AdvanceSent.Task.WaitAsync(TimeSpan.FromSeconds(150));
        Assert.Equal(EvidenceVerdict.WithinThreshold, advance.Evidence!.Verdict);
        Assert.Equal(35, advance.Decision.TargetPercent);      // one rung: 35, never further
        Assert.Matches(@"allows rung 35 for 3 of 3 polls, \d+ s at rung 20 → advance to step \d+$", advance.Decision.Rule);
        // Argo applies it: the canary scales to its replicas for 35 % before the rung's time starts again.
        var at35 = await run.Harness.ReconcileUntilAsync("stepper", s => s.SetWeightPercent == 35 && s.CanaryReplicas is { AtDesired: true }, "at rung 35, scaled");
        Assert.Equal(35, at35.SetWeightPercent);
        Assert.Empty(run.Aborts);
    }

    private static double CanaryRequests(EvidenceAssessment e) => e.Errors.Canary?.Requests ?? 0;

    private async Task<LoopRun> StartAsync(string name, int atWeight, double totalRps, VersionProfile stable, VersionProfile canary,
        Dictionary<string, string?>? extra = null)
    {
        var options = new CanaryDashboardOptions();
        options.Prometheus.BaseUrl = fixture.Prometheus.BaseAddress.ToString();
        options.Prometheus.RateWindow = PrometheusWorkloadFixture.RateWindow;
        var source = new PrometheusSourceFactory(options);
        var settings = new Dictionary<string, string?> { ["Polling:Interval"] = "00:00:01", ["Prometheus:RateWindow"] = PrometheusWorkloadFixture.RateWindow };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        var harness = await PollerHarness.StartAsync([new(Ns, name, TrafficScenario.Healthy, 10, TrafficRouting: true, AtWeight: atWeight)],
            settings, realTime: true, metricsSource: source.Source);
        var run = new LoopRun(harness, source, new RolloutKey(Ns, name), fixture.Workload, $"evidence-{name}", totalRps, stable, canary);
        await harness.Settings.SaveAsync(run.Key, RolloutSettings.Default with { Policy = RolloutPolicy.Auto, Job = run.Job }, "test", CancellationToken.None);
        run.FollowWeight(atWeight);
        harness.Poller.CycleCompleted += run.OnCycle;
        await harness.Poller.StartAsync(CancellationToken.None);
        return run;
    }

    /// <summary>One rollout driven by the loop, its service's traffic split by the rollout's actual weight.</summary>
    private sealed class LoopRun(PollerHarness harness, PrometheusSourceFactory source, RolloutKey key, WorkloadHost workload, string job,
        double totalRps, VersionProfile stable, VersionProfile canary) : IAsyncDisposable
    {
        private readonly object _gate = new();
        private readonly List<PolledRollout> _looks = [];
        private readonly SemaphoreSlim _cycled = new(0);
        private double _weight = -1;

        public PollerHarness Harness => harness;
        public RolloutKey Key => key;
        public string Job => job;
        public List<PolledRollout> Aborts { get; } = [];
        public TaskCompletionSource<PolledRollout> AbortSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<PolledRollout> AdvanceSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void FollowWeight(double weight)
        {
            if (weight == _weight) return;
            _weight = weight;
            workload.Configure(new JobProfile(job,
                stable with { RequestsPerSecond = totalRps * (100 - weight) / 100 },
                canary with { RequestsPerSecond = totalRps * weight / 100 }));
        }

        public void OnCycle(PollCycleReport report)
        {
            if (harness.Snapshots.Get(key) is { } snapshot && snapshot.ActualWeightPercent is { } weight)
                FollowWeight(weight);
            if (report.Polled.FirstOrDefault(p => p.Rollout == key) is not { } polled)
                return;
            lock (_gate) _looks.Add(polled);
            _cycled.Release();
            if (polled.Outcome is { Action: RolloutAction.Abort, IsSuccess: true })
            {
                lock (_gate) Aborts.Add(polled);
                AbortSent.TrySetResult(polled);
            }
            if (polled.Outcome is { Action: RolloutAction.Advance, IsSuccess: true })
                AdvanceSent.TrySetResult(polled);
        }

        /// <summary>Waits until <paramref name="count"/> looks satisfy <paramref name="condition"/>; returns them.</summary>
        public async Task<List<PolledRollout>> CollectAsync(Func<PolledRollout, bool> condition, int count, TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            while (true)
            {
                lock (_gate)
                {
                    var matching = _looks.Where(condition).ToList();
                    if (matching.Count >= count) return matching;
                }
                await _cycled.WaitAsync(cancel.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            harness.Poller.CycleCompleted -= OnCycle;
            await harness.Poller.StopAsync(CancellationToken.None);
            await harness.DisposeAsync();
            source.Dispose();
        }
    }
}
