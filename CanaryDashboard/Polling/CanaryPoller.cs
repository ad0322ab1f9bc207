using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Live;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Observability;
using CanaryDashboard.Polling.Decisions;
using CanaryDashboard.Prometheus;
using Microsoft.Extensions.Options;
using HistorySentPatch = CanaryDashboard.Data.Writing.SentPatch;

namespace CanaryDashboard.Polling;

/// <summary>
/// The control loop (DESIGN §2): every <c>Polling:Interval</c> it takes the adapter's current
/// snapshots, reads the metrics of every rollout in a canary in one batch, runs the engine and the
/// <see cref="RolloutDecider"/> for each, sends the actions of rollouts in Auto, queues the
/// samples, decisions and actions for the database, and publishes every rollout to the live store.
/// <para>
/// Cycles never overlap (one gate; the periodic timer coalesces missed ticks). A failed cycle is
/// logged and counted and the next one waits longer (doubling, up to <c>Polling:MaxBackoff</c>);
/// the loop itself only ends with the app. Per-rollout counters live in memory: a restart starts
/// every streak afresh, which can only delay an action, never cause one.
/// </para>
/// </summary>
public sealed class CanaryPoller(
    IRolloutSnapshotProvider snapshots,
    IMetricsSource metrics,
    RolloutActions actions,
    PollingSettingsCache settings,
    MetricTargetResolver targets,
    HistoryWriter history,
    LiveRolloutStore live,
    DashboardMetrics dashboardMetrics,
    IOptionsMonitor<CanaryDashboardOptions> options,
    TimeProvider time,
    ILogger<CanaryPoller> logger) : BackgroundService
{
    /// <summary>The user name the loop's actions are audited under.</summary>
    public const string User = "poller";
    private const int ActionConcurrency = 4;

    private readonly SemaphoreSlim _cycleGate = new(1, 1);
    private readonly Dictionary<RolloutKey, RolloutMemory> _memory = new();
    private long _cycles, _failed, _skipped, _actionsSent;
    private int _consecutiveFailures;
    private DateTimeOffset? _lastCycleAt;
    private TimeSpan? _lastDuration;
    private string? _lastError;

    /// <summary>Raised after each completed cycle (on the loop's thread; keep it quick).</summary>
    public event Action<PollCycleReport>? CycleCompleted;

    public PollerStats Stats => new(Interlocked.Read(ref _cycles), Interlocked.Read(ref _failed), Interlocked.Read(ref _skipped),
        Volatile.Read(ref _consecutiveFailures), Interlocked.Read(ref _actionsSent), _lastCycleAt, _lastDuration, _lastError);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var polling = options.CurrentValue.Polling;
        if (!polling.Enabled)
        {
            logger.LogInformation("The control loop is off (Polling:Enabled is false)");
            return;
        }
        using var timer = new PeriodicTimer(polling.Interval, time);
        try
        {
            do
            {
                await RunGuardedAsync(stoppingToken);
                if (Volatile.Read(ref _consecutiveFailures) is > 0 and var failures)
                    await Task.Delay(Backoff(polling, failures), time, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The extra wait after <paramref name="failures"/> failed cycles in a row: 1, 3, 7… intervals, capped.</summary>
    internal static TimeSpan Backoff(PollingOptions polling, int failures)
    {
        var cap = polling.MaxBackoff - polling.Interval;
        var factor = Math.Pow(2, Math.Min(failures, 20)) - 1;
        var wait = TimeSpan.FromTicks((long)Math.Min(polling.Interval.Ticks * factor, cap.Ticks));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>One cycle whose failure is logged and counted instead of thrown (what the loop runs).</summary>
    public async Task<PollCycleReport?> RunGuardedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await RunCycleAsync(cancellationToken);
            Volatile.Write(ref _consecutiveFailures, 0);
            return report;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _failed);
            var failures = Interlocked.Increment(ref _consecutiveFailures);
            _lastError = ex.Message;
            logger.LogError(ex, "Poll cycle failed ({Failures} in a row); the next one waits {Backoff}",
                failures, Backoff(options.CurrentValue.Polling, failures) + options.CurrentValue.Polling.Interval);
            return null;
        }
    }

    /// <summary>Runs one cycle now (tests and benchmarks drive the loop through this). Waits for a running cycle first.</summary>
    public async Task<PollCycleReport> RunCycleAsync(CancellationToken cancellationToken = default)
    {
        await _cycleGate.WaitAsync(cancellationToken);
        try
        {
            return await RunCycleCoreAsync(cancellationToken);
        }
        finally
        {
            _cycleGate.Release();
        }
    }

    private async Task<PollCycleReport> RunCycleCoreAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        if (!snapshots.IsSynced)
        {
            Interlocked.Increment(ref _skipped);
            return new PollCycleReport(now, TimeSpan.Zero, 0, false, "the cluster cache is not synced yet", []);
        }

        var all = snapshots.GetAll();
        var stored = await settings.GetAsync(cancellationToken);

        // Rollouts in a canary, and those that were last cycle (their closing sample ends the run).
        // Where each stands (the decision's input) is read before the metrics, so the rung's entry
        // time is known to whoever builds the queries.
        var polled = new List<(RolloutSnapshot Snapshot, RolloutPollSettings Settings, RolloutMemory Memory, RolloutPosition Position)>();
        var metricTargets = new List<MetricTarget>();
        foreach (var snapshot in all)
        {
            var memory = _memory.TryGetValue(snapshot.Key, out var known) ? known : _memory[snapshot.Key] = new RolloutMemory();
            memory.SeenInCycle = _cycles;
            if (!SnapshotReading.IsActiveCanary(snapshot) && !memory.WasActive)
                continue;
            var rolloutSettings = stored.TryGetValue(snapshot.Key, out var s) ? s : settings.Defaults;
            var position = SnapshotReading.Position(snapshot);
            memory.Rung = RungClock.Observe(memory.Rung, position, now);
            position = position with { RungEnteredAt = RungClock.EnteredAt(memory.Rung, position) };
            polled.Add((snapshot, rolloutSettings, memory, position));
            // The evidence counts requests from the rung's entry on, per revision.
            metricTargets.Add(TargetOf(snapshot.Key, rolloutSettings) with
            {
                WindowStart = RungClock.EvidenceWindowStart(memory.Rung!, position),
                CanaryRevision = snapshot.CanaryPodHash,
                StableRevision = snapshot.StablePodHash,
            });
        }

        var batch = metricTargets.Count == 0
            ? new MetricsBatch(now, true, null, new Dictionary<RolloutKey, MetricsReading>(), [])
            : await metrics.ReadAsync(metricTargets, cancellationToken);
        if (!batch.BackendAvailable)
            logger.LogWarning("Metrics backend unavailable: {Error}; every canary holds", batch.Error);

        var evidenceParameters = options.CurrentValue.Evidence;
        var results = new PolledRollout[polled.Count];
        var samples = new List<SampleRecord>(polled.Count);
        var pending = new List<int>();
        for (var i = 0; i < polled.Count; i++)
        {
            var (snapshot, rolloutSettings, memory, position) = polled[i];
            var reading = batch.Readings.GetValueOrDefault(snapshot.Key);
            var available = batch.BackendAvailable && reading is not null;
            var engine = available
                ? WeightEngine.Evaluate(reading!.ToEngineInputs(), rolloutSettings.Engine)
                : Unavailable(batch);
            var evidence = available ? Weigh(snapshot.Key, reading!, rolloutSettings.Engine, evidenceParameters) : null;
            var decision = RolloutDecider.Decide(memory.Counters, position, engine, evidence, available, rolloutSettings.Decision, now);
            memory.Counters = decision.Counters;
            memory.WasActive = SnapshotReading.IsActiveCanary(snapshot);
            results[i] = new PolledRollout(snapshot.Key, rolloutSettings.Decision.Policy, engine, decision, null, position) { Evidence = evidence };
            samples.Add(new SampleRecord(snapshot.Key, batch.At, reading?.Canary ?? VersionMetrics.Empty, reading?.Stable ?? VersionMetrics.Empty,
                engine, snapshot.ActualWeightPercent, snapshot.SetWeightPercent, snapshot.CurrentStepIndex, SnapshotReading.Run(snapshot), rolloutSettings.Origin)
            {
                Evidence = evidence,
                EvidenceSince = evidence is null ? null : reading!.CountsSince,
                Counts = evidence is null ? null : reading!.Counts,
            });
            dashboardMetrics.CountDecision(engine.Verdict);
            if (decision.Send)
                pending.Add(i);
        }

        var actionRecords = new List<ActionRecord>();
        if (pending.Count > 0)
            await SendAsync(results, pending, actionRecords, cancellationToken);

        var decisions = new List<DecisionRecord>(results.Length);
        for (var i = 0; i < results.Length; i++)
            decisions.Add(ToRecord(results[i], now) with { Origin = polled[i].Settings.Origin });
        history.TryEnqueue(new HistoryBatch(samples, decisions, actionRecords));

        Publish(all, polled, results, samples, now);
        Forget();

        var duration = time.GetElapsedTime(started);
        dashboardMetrics.ObservePollCycle(duration);
        Interlocked.Increment(ref _cycles);
        _lastCycleAt = now;
        _lastDuration = duration;
        var report = new PollCycleReport(now, duration, all.Count, batch.BackendAvailable, null, results);
        try { CycleCompleted?.Invoke(report); }
        catch (Exception ex) { logger.LogWarning(ex, "A poll cycle listener failed"); }
        return report;
    }

    private MetricTarget TargetOf(RolloutKey key, RolloutPollSettings rolloutSettings)
    {
        var target = targets.Resolve(key);
        var s = rolloutSettings.Stored;
        return s.Job is null && s.CanaryVersion is null && s.StableVersion is null
            ? target
            : target with
            {
                Job = s.Job ?? target.Job,
                CanaryVersion = s.CanaryVersion ?? target.CanaryVersion,
                StableVersion = s.StableVersion ?? target.StableVersion,
            };
    }

    /// <summary>The evidence since the rung's entry, or null without counts (the decision then holds).</summary>
    private EvidenceAssessment? Weigh(RolloutKey rollout, MetricsReading reading, EngineParameters engine, EvidenceParameters evidence)
    {
        if (reading.Counts is not { } counts)
            return null;
        try
        {
            return EvidenceEngine.Assess(counts, engine, evidence);
        }
        catch (ArgumentException ex)
        {
            // Parameters are validated where they are saved and at start; a hole there must still only hold.
            logger.LogError(ex, "{Rollout}: cannot weigh the evidence with these parameters; it holds", rollout);
            return null;
        }
    }

    private static EngineResult Unavailable(MetricsBatch batch) => new(Verdict.InsufficientData, null, null, null, null, null, null, false,
        "insufficient data: " + (batch.BackendAvailable ? "no reading for this rollout in the batch" : "metrics backend unavailable (" + batch.Error + ")"));

    /// <summary>Sends the Auto decisions, a few at a time; one rollout's failure never stops another's action.</summary>
    private async Task SendAsync(PolledRollout[] results, List<int> pending, List<ActionRecord> records, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(ActionConcurrency);
        var sent = new ActionRecord[pending.Count];
        await Task.WhenAll(pending.Select(async (index, n) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var r = results[index];
                // An advance names the step and revision it was decided on: the fresh read refuses it if
                // either changed (and its resourceVersion makes a change after that read a 409).
                var request = r.Decision.Action switch
                {
                    PollAction.Advance => new RolloutActionRequest(r.Rollout, RolloutAction.Advance, r.Decision.Target!.Value.StepIndex,
                        r.Position?.CurrentStepIndex, r.Position?.Revision),
                    PollAction.PromoteFull => new RolloutActionRequest(r.Rollout, RolloutAction.PromoteFull, ExpectedPodHash: r.Position?.Revision),
                    _ => new RolloutActionRequest(r.Rollout, RolloutAction.Abort),
                };
                ActionOutcome outcome;
                try
                {
                    outcome = await actions.ExecuteAsync(request, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    outcome = new ActionOutcome(r.Rollout, request.Action, ActionResult.Failed, ex.Message, [], "");
                }
                results[index] = r with { Outcome = outcome };
                Interlocked.Increment(ref _actionsSent);
                var name = ActionName(r.Decision.Action);
                var result = outcome.Result.ToString().ToLowerInvariant();
                dashboardMetrics.CountAction(name, result);
                var level = outcome.IsSuccess ? LogLevel.Information : LogLevel.Warning;
                logger.Log(level, "{Rollout}: {Rule} — {Action} {Result}: {Message}", r.Rollout, r.Decision.Rule, name, result, outcome.Message);
                sent[n] = new ActionRecord(r.Rollout, time.GetUtcNow(), User, name, result,
                    string.Join("; ", outcome.Sent.Select(p => p.Target)) is { Length: > 0 } t ? t : null,
                    string.Join("; ", outcome.Sent.Select(p => p.Body)) is { Length: > 0 } b ? b : null,
                    outcome.KubectlCommand is { Length: > 0 } k ? k : null,
                    outcome.IsSuccess ? null : outcome.Message);
            }
            finally
            {
                gate.Release();
            }
        }));
        records.AddRange(sent);
    }

    private static DecisionRecord ToRecord(PolledRollout r, DateTimeOffset at)
    {
        var d = r.Decision;
        HistorySentPatch? patch = r.Outcome is { } o
            ? new HistorySentPatch(
                string.Join("; ", o.Sent.Select(p => p.Target)),
                string.Join("; ", o.Sent.Select(p => p.Body)),
                o.IsSuccess,
                $"{o.Result}: {o.Message}")
            : null;
        return new DecisionRecord(r.Rollout, at, r.Policy, r.Engine, d.Rule, ToDecisionAction(d.Action),
            d.TargetPercent, d.Target?.StepIndex, patch);
    }

    private void Publish(IReadOnlyList<RolloutSnapshot> all,
        List<(RolloutSnapshot Snapshot, RolloutPollSettings Settings, RolloutMemory Memory, RolloutPosition Position)> polled,
        PolledRollout[] results, List<SampleRecord> samples, DateTimeOffset now)
    {
        for (var i = 0; i < polled.Count; i++)
        {
            var (snapshot, _, memory, _) = polled[i];
            var r = results[i];
            var s = samples[i];
            var sample = new LiveSample(s.At, s.Canary, s.Stable, s.Engine, snapshot.ActualWeightPercent, snapshot.SetWeightPercent,
                snapshot.CurrentStepIndex, snapshot.StepCount)
            {
                Evidence = s.Evidence,
                EvidenceSince = s.EvidenceSince,
                Counts = s.Counts,
            };
            var decision = new DecisionSummary(now, r.Decision.Rule, r.Decision.Action.ToString().ToLowerInvariant(), OutcomeOf(r),
                r.Decision.Count, r.Decision.Required,
                r.Decision.TargetPercent is { } percent && r.Decision.Target is not null ? (int)Math.Round(percent, MidpointRounding.AwayFromZero) : null);
            memory.State = new LiveRolloutState(snapshot.Key, SnapshotReading.Summary(snapshot), sample, decision, snapshot);
            memory.Snapshot = snapshot;
        }

        var states = new LiveRolloutState[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            var snapshot = all[i];
            var memory = _memory[snapshot.Key];
            // Unchanged rollouts keep the very same state object: the store then tells no one.
            if (memory.State is null || !ReferenceEquals(memory.Snapshot, snapshot))
            {
                memory.State = new LiveRolloutState(snapshot.Key, SnapshotReading.Summary(snapshot), memory.State?.Latest, memory.State?.LastDecision, snapshot);
                memory.Snapshot = snapshot;
            }
            states[i] = memory.State;
        }
        live.Publish(states);
    }

    /// <summary>Drops the memory of rollouts that are gone from the cluster.</summary>
    private void Forget()
    {
        List<RolloutKey>? gone = null;
        foreach (var (key, memory) in _memory)
        {
            if (memory.SeenInCycle != _cycles)
                (gone ??= []).Add(key);
        }
        if (gone is not null)
        {
            foreach (var key in gone)
                _memory.Remove(key);
        }
    }

    private static string OutcomeOf(PolledRollout r) => r.Outcome switch
    {
        { IsSuccess: true } o => "sent: " + o.Message,
        { Result: ActionResult.Refused } o => "refused on the fresh read: " + o.Message,
        { } o => $"failed ({o.Result}): {o.Message}",
        null when r.Policy == RolloutPolicy.Observe => "recorded",
        null when r.Policy == RolloutPolicy.Advise && r.Decision.IsChange => "advised (not sent)",
        _ => "held",
    };

    private static string ActionName(PollAction action) => action switch
    {
        PollAction.Advance => "advance",
        PollAction.PromoteFull => "promote-full",
        PollAction.Abort => "abort",
        _ => action.ToString().ToLowerInvariant(),
    };

    private static DecisionAction ToDecisionAction(PollAction action) => action switch
    {
        PollAction.Hold => DecisionAction.Hold,
        PollAction.Advance => DecisionAction.Advance,
        PollAction.Abort => DecisionAction.Abort,
        PollAction.PromoteFull => DecisionAction.PromoteFull,
        _ => DecisionAction.None,
    };

    public override void Dispose()
    {
        _cycleGate.Dispose();
        base.Dispose();
    }

    /// <summary>What the loop remembers about one rollout between cycles (touched only inside the cycle gate).</summary>
    private sealed class RolloutMemory
    {
        public DecisionCounters Counters { get; set; } = DecisionCounters.Initial;
        public RungObservation? Rung { get; set; }
        public bool WasActive { get; set; }
        public long SeenInCycle { get; set; }
        public RolloutSnapshot? Snapshot { get; set; }
        public LiveRolloutState? State { get; set; }
    }
}
