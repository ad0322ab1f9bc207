using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Engine;
using EvidenceVerdict = CanaryDashboard.Engine.Evidence.EvidenceVerdict;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Model;
using CanaryDashboard.Polling;
using CanaryDashboard.Polling.Decisions;
using CanaryDashboard.Simulation.Workload;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using static CanaryDashboard.Tests.Polling.PollerHarness;

namespace CanaryDashboard.Tests.Polling;

/// <summary>
/// The control loop against the simulated cluster and simulated metrics, through the adapter's
/// watch and actions over HTTP, into SQLite and the live store. Cycles are driven one by one.
/// </summary>
public sealed class CanaryPollerTests
{
    private static readonly RolloutSettings Auto = RolloutSettings.Default with { Policy = RolloutPolicy.Auto };

    /// <summary>The advance patch: the resourceVersion it was checked against, then the rung's step.</summary>
    internal static readonly Regex AdvanceBody = new("""^\{"metadata":\{"resourceVersion":"[0-9]+"\},"status":\{"pauseConditions":null,"currentStepIndex":(?<step>[0-9]+)\}\}$""");

    [Fact]
    public async Task A_healthy_canary_in_Auto_climbs_the_ladder_and_finishes_only_when_allowed()
    {
        // A gentler latency decay keeps the healthy canary's safe weight near 95 whatever the noise.
        await using var h = await StartAsync([Rollout("climber", TrafficScenario.Healthy, 50)], new() { ["Engine:LatencyDecay"] = "2" });
        await h.SetSettingsAsync("climber", Auto);
        var key = Key("climber");
        Assert.Equal(13, h.Snapshots.Get(key)!.CurrentStepIndex);
        h.Clock.Advance(TimeSpan.FromMinutes(1));   // rung 50 was entered at seeding: past its 60 s once the polls start

        var first = await h.CyclesAsync(3);
        var decisions = first.Select(r => Assert.Single(r.Polled).Decision).ToList();
        Assert.Equal([PollAction.Hold, PollAction.Hold, PollAction.Advance], decisions.Select(d => d.Action));
        Assert.StartsWith("safe weight ", decisions[0].Rule);
        Assert.EndsWith("allows rung 75: holding, 1 of 3 polls", decisions[0].Rule);
        // Paused at seeding, 60 + 3 × 5 s before the third poll.
        Assert.EndsWith("allows rung 75 for 3 of 3 polls, 75 s at rung 50 → advance to step 14", decisions[2].Rule);
        Assert.Equal(ActionResult.Succeeded, first[2].Polled[0].Outcome!.Result);
        var advance = Assert.Single(h.Patches("climber"));
        Assert.EndsWith("/namespaces/poll-tests/rollouts/climber/status", advance.PathAndQuery.Split('?')[0]);
        Assert.Equal("14", AdvanceBody.Match(advance.Body!).Groups["step"].Value);

        var at75 = await h.ReconcileUntilAsync("climber", s => s.CurrentStepIndex == 15 && s.PauseConditions.Count > 0, "paused after rung 75");
        Assert.Equal(75, at75.SetWeightPercent);

        // The last rung: going to 100 % is a person's call by default.
        var held = await h.CyclesAsync(4);
        Assert.All(held, r => Assert.Equal("last rung (75) reached: promoting to 100 % is left to a person → hold", r.Polled[0].Decision.Rule));
        Assert.Single(h.Patches("climber"));

        await h.SetSettingsAsync("climber", Auto with { AllowAutoPromoteToFull = true });
        h.Clock.Advance(TimeSpan.FromMinutes(1));   // the last rung's own 60 s
        var finishing = await h.CyclesAsync(3);
        Assert.Equal(PollAction.PromoteFull, finishing[2].Polled[0].Decision.Action);
        Assert.Equal("""{"status":{"promoteFull":true}}""", h.Patches("climber")[^1].Body);
        await h.ReconcileUntilAsync("climber", s => s.CanaryPodHash == s.StablePodHash, "fully promoted");

        var closing = await h.CycleAsync();
        Assert.Equal("fully promoted: nothing to decide", Assert.Single(closing.Polled).Decision.Rule);
        Assert.Empty((await h.CycleAsync()).Polled);

        await using var db = await h.DatabaseAsync();
        var rolloutId = (await db.Rollouts.SingleAsync(r => r.Namespace == "poll-tests" && r.Name == "climber")).Id;
        var rows = await db.Decisions.Where(d => d.RolloutId == rolloutId).OrderBy(d => d.Id).ToListAsync();
        Assert.Equal(11, rows.Count);
        Assert.All(rows.Take(10), r => Assert.Equal(RolloutPolicy.Auto, r.Policy));
        var advanced = rows[2];
        Assert.Equal(DecisionAction.Advance, advanced.Action);
        Assert.Equal((75.0, 14), (advanced.TargetWeight!.Value, advanced.TargetStepIndex!.Value));
        Assert.Equal(advance.Body, advanced.PatchBody);
        Assert.True(advanced.PatchSucceeded);
        Assert.Equal(Verdict.Proceed, advanced.Verdict);
        Assert.Null(rows[0].PatchBody);
        var audit = await db.AuditLog.Where(a => a.RolloutId == rolloutId).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["advance", "promote-full"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal((CanaryPoller.User, "succeeded"), (a.User, a.Outcome)));
        var run = await db.RolloutRuns.SingleAsync(r => r.RolloutId == rolloutId);
        Assert.Equal(RunOutcome.Promoted, run.Outcome);
        Assert.Null(run.FirstBreachAt);

        var state = h.Live.Get(key)!;
        Assert.Equal("fully promoted: nothing to decide", state.LastDecision!.Rule);
        Assert.Equal(11, h.Live.GetRecentSamples(key).Count);
        Assert.Equal("Healthy", state.Summary!.Status);
    }

    [Fact]
    public async Task A_regression_is_aborted_after_M_breaching_polls_and_the_run_records_it()
    {
        await using var h = await StartAsync([Rollout("regressing", TrafficScenario.Healthy, 20)]);
        await h.SetSettingsAsync("regressing", Auto with { PollsToAdvance = 50 });
        var key = Key("regressing");

        var healthy = await h.CyclesAsync(2);
        Assert.All(healthy, r => Assert.Equal(Verdict.Proceed, r.Polled[0].Engine.Verdict));
        Assert.All(healthy, r => Assert.Equal(EvidenceVerdict.WithinThreshold, r.Polled[0].Evidence!.Verdict));

        // The canary's p99 drifts up: +29 % once it has run 30 minutes. The evidence counts since the rung's
        // entry (here the canary's start), so the healthy first half hour dilutes it; a person then promotes
        // it to rung 35, whose counts start at +29 %: at 10,000 req/s, 3,500 canary requests a second.
        h.Kube.Cluster.Workload.SetScenario(key, TrafficScenario.SlowLatencyRegression);
        h.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(11, (await h.PromoteToNextRungAsync("regressing")).CurrentStepIndex);

        // 5 s into the rung (17,500 requests) the rate window breaches but the evidence does not show it yet: hold, no count.
        var shown = await h.CycleAsync();
        Assert.Equal(Verdict.Breach, shown.Polled[0].Engine.Verdict);
        Assert.Equal("not enough evidence yet (p99 +30 % [+18 %, +42 %] at 95 %, 17,500 requests: not yet clear of the 20 % threshold) → hold",
            shown.Polled[0].Decision.Rule);

        var firstBreach = await h.CycleAsync();
        Assert.Equal(Verdict.Breach, firstBreach.Polled[0].Engine.Verdict);
        Assert.Equal("breach 1 of 2 (p99 +30 % [+21 %, +39 %] at 95 %, 35,000 requests: above the 20 % threshold) → hold",
            firstBreach.Polled[0].Decision.Rule);
        Assert.Empty(h.Patches("regressing"));

        var secondBreach = await h.CycleAsync();
        const string abortRule = "breach 2 of 2 (p99 +30 % [+22 %, +37 %] at 95 %, 52,500 requests: above the 20 % threshold) → abort";
        Assert.Equal(abortRule, secondBreach.Polled[0].Decision.Rule);
        Assert.Equal(ActionResult.Succeeded, secondBreach.Polled[0].Outcome!.Result);
        Assert.Equal("""{"status":{"abort":true}}""", Assert.Single(h.Patches("regressing")).Body);

        var aborted = await h.ReconcileUntilAsync("regressing", s => s.Aborted && s.Status == "Degraded", "aborted and Degraded");
        Assert.Equal(0, aborted.SetWeightPercent);

        Assert.Equal("aborted: nothing to decide", (await h.CycleAsync()).Polled[0].Decision.Rule);
        Assert.Empty((await h.CycleAsync()).Polled);
        Assert.Single(h.Patches("regressing"));

        await using var db = await h.DatabaseAsync();
        var rolloutId = (await db.Rollouts.SingleAsync(r => r.Namespace == "poll-tests" && r.Name == "regressing")).Id;
        var run = await db.RolloutRuns.SingleAsync(r => r.RolloutId == rolloutId);
        Assert.Equal(RunOutcome.Aborted, run.Outcome);
        // The run's first breach is the rate window's (RunTracker: the sample's engine verdict), one poll before the evidence showed it.
        Assert.Equal(shown.At, run.FirstBreachAt);
        Assert.Equal(secondBreach.At, run.AbortedAt);
        Assert.Equal(2 * Interval.TotalSeconds, run.BreachToAbortSeconds);
        var abort = await db.Decisions.SingleAsync(d => d.RolloutId == rolloutId && d.Action == DecisionAction.Abort);
        Assert.Equal(abortRule, abort.Rule);
        Assert.Contains("latency", abort.EngineReason);
        Assert.True(abort.PatchSucceeded);
    }

    [Fact]
    public async Task A_canary_without_data_holds_and_nothing_is_sent()
    {
        await using var h = await StartAsync([Rollout("silent", TrafficScenario.NoTraffic, 5)]);
        await h.SetSettingsAsync("silent", Auto with { PollsToAdvance = 1, BreachesToAbort = 1 });

        var reports = await h.CyclesAsync(5);

        Assert.All(reports, r =>
        {
            var polled = Assert.Single(r.Polled);
            Assert.Equal(Verdict.InsufficientData, polled.Engine.Verdict);
            // Zero counts, not missing ones: fewer than MinRequests (50) canary requests, so neither metric is judged.
            Assert.Equal("not enough evidence yet (p99 unknown: delta unknown [−100 %, ∞] at 95 %, 0 requests (too few canary requests (0 of 50)); " +
                         "errors: no evidence (too few canary requests (0 of 50))) → hold", polled.Decision.Rule);
            Assert.Null(polled.Outcome);
        });
        Assert.Empty(h.Kube.Patches());
        Assert.Equal(5, h.Snapshots.Get(Key("silent"))!.CurrentStepIndex);
    }

    [Fact]
    public async Task Observe_and_Advise_never_send_a_patch_and_all_canaries_are_read_in_one_batch()
    {
        await using var h = await StartAsync(
        [
            Rollout("watched-healthy", TrafficScenario.Healthy, 20),
            Rollout("watched-regressing", TrafficScenario.SlowLatencyRegression, 20),
            Rollout("advised-regressing", TrafficScenario.SlowLatencyRegression, 20),
            new("poll-tests", "done", TrafficScenario.Healthy, 4, true, null, Promoted: true),
            new("poll-tests", "stopped", TrafficScenario.Healthy, 4, true, 35, Aborted: true),
        ]);
        // watched-* have no stored settings: Observe, the default.
        await h.SetSettingsAsync("advised-regressing", RolloutSettings.Default with { Policy = RolloutPolicy.Advise, BreachesToAbort = 1, PollsToAdvance = 1 });
        // Past +29 % p99 after 30 minutes; promoted by a person to rung 35, whose evidence starts there and shows
        // the breach from its second poll (35,000 canary requests, see the regression test): the first cycle comes 10 s in.
        h.Clock.Advance(TimeSpan.FromMinutes(31));
        await h.PromoteToNextRungAsync("watched-regressing");
        await h.PromoteToNextRungAsync("advised-regressing");
        h.Clock.Advance(Interval);

        var reports = await h.CyclesAsync(6);

        Assert.Empty(h.Kube.Patches());
        Assert.Equal([3, 3, 3, 3, 3, 3], h.Metrics.TargetsPerRead);
        foreach (var report in reports)
        {
            Assert.Equal(5, report.Rollouts);
            var byName = report.Polled.ToDictionary(p => p.Rollout.Name);
            Assert.Equal(["advised-regressing", "watched-healthy", "watched-regressing"], byName.Keys.Order());
            Assert.Equal(PollAction.None, byName["watched-regressing"].Decision.Action);
            Assert.Equal(Verdict.Breach, byName["watched-regressing"].Engine.Verdict);
            var watched = BreachShown(byName["watched-regressing"]);
            Assert.Equal($"observe: engine result recorded (breach shown: {watched}), nothing decided", byName["watched-regressing"].Decision.Rule);
            Assert.StartsWith("observe: engine result recorded (within thresholds, safe weight ", byName["watched-healthy"].Decision.Rule);
            var advised = BreachShown(byName["advised-regressing"]);
            Assert.Equal(report == reports[0] ? $"advise: breach 1 of 1 ({advised}) → abort (not sent)"
                    : $"advise: breach {reports.IndexOf(report) + 1} in a row (abort from 1) ({advised}) → abort (not sent)",
                byName["advised-regressing"].Decision.Rule);
            Assert.Equal(PollAction.Abort, byName["advised-regressing"].Decision.Action);
            Assert.All(report.Polled, p => Assert.Null(p.Outcome));
        }
        Assert.All(h.Snapshots.GetAll().Where(s => s.Name != "stopped"), s => Assert.False(s.Aborted));
        Assert.Equal("advised (not sent)", h.Live.Get(Key("advised-regressing"))!.LastDecision!.Outcome);
        Assert.Equal("recorded", h.Live.Get(Key("watched-healthy"))!.LastDecision!.Outcome);
        Assert.Equal(5, h.Live.All.Count);

        await using var db = await h.DatabaseAsync();
        Assert.Equal(18, await db.Decisions.CountAsync());
        Assert.Equal(0, await db.AuditLog.CountAsync());
        Assert.Equal(12, await db.Decisions.CountAsync(d => d.Policy == RolloutPolicy.Observe && d.Action == DecisionAction.None));
    }

    [Fact]
    public async Task A_metrics_outage_never_aborts_and_the_breaker_works_again_once_metrics_are_back()
    {
        await using var h = await StartAsync([Rollout("blind", TrafficScenario.SlowLatencyRegression, 20)]);
        await h.SetSettingsAsync("blind", Auto with { BreachesToAbort = 1 });
        h.Clock.Advance(TimeSpan.FromMinutes(31));   // the canary is breaching by now: on a fresh rung, the evidence shows it from 10 s in
        await h.PromoteToNextRungAsync("blind");
        h.Metrics.Current = DeadPrometheus(out var http);
        using var _ = http;

        var during = await h.CyclesAsync(4);

        Assert.All(during, r =>
        {
            Assert.False(r.MetricsAvailable);
            var polled = Assert.Single(r.Polled);
            Assert.Equal("metrics unavailable → hold (an outage never aborts)", polled.Decision.Rule);
            Assert.Contains("metrics backend unavailable", polled.Engine.Reason);
            Assert.Null(polled.Outcome);
        });
        Assert.Empty(h.Kube.Patches());

        h.Metrics.Current = h.SimulatedMetrics;
        // 25 s of counts at rung 35 (the window kept its start through the outage): the breach is shown at once.
        var back = await h.CycleAsync();
        Assert.Equal($"breach 1 of 1 ({BreachShown(back.Polled[0])}) → abort", back.Polled[0].Decision.Rule);
        Assert.Contains("87,500 requests", back.Polled[0].Decision.Rule);
        Assert.Single(h.Kube.Patches());
    }

    [Fact]
    public async Task The_loop_survives_failing_cycles_counts_them_and_goes_on()
    {
        await using var h = await StartAsync([Rollout("looped", TrafficScenario.Healthy, 20)]);
        h.Metrics.ThrowOnNext(2);

        await h.Poller.StartAsync(CancellationToken.None);
        await Wait.UntilAsync(() => h.Poller.Stats.Cycles >= 2, "two good cycles after two failed ones",
            betweenChecks: () => h.Clock.Advance(TimeSpan.FromSeconds(1)));

        var stats = h.Poller.Stats;
        Assert.Equal(2, stats.FailedCycles);
        Assert.Equal(0, stats.ConsecutiveFailures);
        Assert.Equal("a defective metrics source threw", stats.LastError);
        Assert.False(h.Poller.ExecuteTask!.IsCompleted);
        Assert.NotNull(h.Live.Get(Key("looped"))!.Latest);
    }

    [Fact]
    public async Task Concurrent_cycles_never_overlap()
    {
        await using var h = await StartAsync([Rollout("serial", TrafficScenario.Healthy, 20)]);
        var inside = 0;
        var most = 0;
        h.Poller.CycleCompleted += _ => { };
        h.Metrics.Current = new ObservingSource(h.SimulatedMetrics, () =>
        {
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
        }, () => Interlocked.Decrement(ref inside));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => h.Poller.RunCycleAsync())));

        Assert.Equal(1, most);
        Assert.Equal(8, h.Poller.Stats.Cycles);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 15)]
    [InlineData(3, 35)]
    [InlineData(4, 55)]
    [InlineData(30, 55)]
    public void Failed_cycles_back_off_doubling_up_to_the_maximum(int failures, int extraSeconds)
    {
        var polling = new PollingOptions { Interval = TimeSpan.FromSeconds(5), MaxBackoff = TimeSpan.FromMinutes(1) };
        Assert.Equal(TimeSpan.FromSeconds(extraSeconds), CanaryPoller.Backoff(polling, failures));
    }

    /// <summary>The p99 breach the evidence shows, as the rules quote it; fails unless the latency interval lies above the threshold.</summary>
    private static string BreachShown(PolledRollout polled)
    {
        var latency = polled.Evidence!.Latency;
        Assert.Equal(EvidenceVerdict.Breach, latency.Verdict);
        Assert.Equal(EvidenceVerdict.WithinThreshold, polled.Evidence.Errors.Verdict);
        Assert.Matches(BreachReason, latency.Reason);
        return latency.Reason;
    }

    private static readonly Regex BreachReason = new("""^p99 \+[0-9]+ % \[\+(2[0-9]|[3-9][0-9]) %, \+[0-9]+ %\] at 95 %, [0-9,]+ requests: above the 20 % threshold$""");

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>Runs a callback around each read of a real source and yields inside it, so overlapping cycles would show.</summary>
    private sealed class ObservingSource(CanaryDashboard.Metrics.IMetricsSource inner, Action enter, Action leave) : CanaryDashboard.Metrics.IMetricsSource
    {
        public async Task<CanaryDashboard.Metrics.MetricsBatch> ReadAsync(IReadOnlyList<CanaryDashboard.Metrics.MetricTarget> targets, CancellationToken cancellationToken)
        {
            enter();
            try
            {
                await Task.Delay(20, cancellationToken);
                return await inner.ReadAsync(targets, cancellationToken);
            }
            finally
            {
                leave();
            }
        }
    }
}
