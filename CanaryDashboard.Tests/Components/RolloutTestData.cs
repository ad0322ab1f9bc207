using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Kubernetes.Watch;
using CanaryDashboard.Live;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using LadderRung = CanaryDashboard.Kubernetes.Snapshots.LadderRung;

namespace CanaryDashboard.Tests.Components;

/// <summary>
/// Rollouts in the states the pages must show, built as the adapter builds them (the seeded ladder
/// 1, 2, 5, 10, 20, 35, 50, 75 with a pause after each rung), and samples computed by the real engine.
/// </summary>
internal static class RolloutTestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);
    public static readonly int[] Ladder = [1, 2, 5, 10, 20, 35, 50, 75];

    public static RolloutSnapshot Paused(string ns = "shop", string name = "checkout", int rungIndex = 4, DateTimeOffset? pausedAt = null) =>
        Canary(ns, name, stepIndex: rungIndex * 2 + 1, status: "Paused", message: "CanaryPauseStep") with
        {
            PauseConditions = [new PauseConditionInfo("CanaryPauseStep", pausedAt ?? Now.AddMinutes(-1))],
            ControllerPause = true,
        };

    public static RolloutSnapshot Progressing(string ns = "shop", string name = "checkout", int rungIndex = 4) =>
        Canary(ns, name, stepIndex: rungIndex * 2, status: "Progressing", message: "more replicas need to be updated");

    public static RolloutSnapshot ManuallyPaused(string ns = "shop", string name = "checkout") =>
        Progressing(ns, name) with { Paused = true, Status = "Paused", Message = "manually paused" };

    public static RolloutSnapshot Aborted(string ns = "shop", string name = "checkout") =>
        Canary(ns, name, stepIndex: 0, status: "Degraded", message: "RolloutAborted: Rollout aborted update to revision 2") with
        {
            Aborted = true, SetWeight = "0", ActualWeight = "0",
        };

    public static RolloutSnapshot Healthy(string ns = "shop", string name = "checkout") =>
        Canary(ns, name, stepIndex: 16, status: "Healthy", message: "") with
        {
            SetWeight = "100", ActualWeight = "100", CanaryPodHash = "v2hash", StablePodHash = "v2hash",
            Images = [new ImageInfo($"registry.local/{name}:v2", ["stable"])],
        };

    private static RolloutSnapshot Canary(string ns, string name, int stepIndex, string status, string message)
    {
        var steps = new List<CanaryStepInfo>();
        var rungs = new List<LadderRung>();
        foreach (var weight in Ladder)
        {
            rungs.Add(new LadderRung(steps.Count, weight));
            steps.Add(new CanaryStepInfo(steps.Count, "setWeight", $"setWeight: {weight}", weight, null));
            steps.Add(new CanaryStepInfo(steps.Count, "pause", "pause", null, null));
        }
        var weightNow = rungs.Where(r => r.StepIndex <= stepIndex).Select(r => r.Weight).LastOrDefault();
        return new RolloutSnapshot
        {
            Namespace = ns, Name = name, Uid = Guid.NewGuid().ToString(), CreatedAt = Now.AddHours(-2),
            Status = status, Message = message, Strategy = "Canary",
            Step = $"{stepIndex}/{steps.Count}", CurrentStepIndex = stepIndex, StepCount = steps.Count,
            SetWeight = weightNow.ToString(), ActualWeight = weightNow.ToString(),
            Steps = steps, Ladder = rungs, CurrentStep = stepIndex < steps.Count ? steps[stepIndex] : null,
            Replicas = new ReplicaCounts(10, 10, 2, 10, 10),
            Images = [new ImageInfo($"registry.local/{name}:v2", ["canary"]), new ImageInfo($"registry.local/{name}:v1", ["stable"])],
            CanaryPodHash = "v2hash", StablePodHash = "v1hash",
            List = new RolloutListRow { Name = name, Strategy = "Canary", Status = status, Step = $"{stepIndex}/{steps.Count}", SetWeight = weightNow.ToString(), Ready = "10/10" },
        };
    }

    /// <summary>A sample whose verdict and weight come from <see cref="WeightEngine"/>.</summary>
    public static LiveSample Sample(DateTimeOffset at, double canaryP99 = 0.108, double stableP99 = 0.100,
        double canaryErrors = 0.002, double stableErrors = 0.001, double requests = 15_000, double actualWeight = 20, int setWeight = 20,
        PoolGauges? canaryPool = null)
    {
        var canary = new VersionMetrics(canaryP99, canaryErrors, 50, requests, canaryPool ?? new PoolGauges(40, 10, 100));
        var stable = new VersionMetrics(stableP99, stableErrors, 200, requests * 4, new PoolGauges(80, 20, 100));
        var engine = WeightEngine.Evaluate(new EngineInputs(canaryP99, stableP99, canaryErrors, stableErrors, requests, requests * 4), EngineParameters.Default);
        return new LiveSample(at, canary, stable, engine, actualWeight, setWeight, 9, 16);
    }

    public static LiveSample Breach(DateTimeOffset at) => Sample(at, canaryP99: 0.150);

    /// <summary>Healthy counts since the rung's entry 20 s ago at 10 canary req/s: too few yet to show it within the thresholds.</summary>
    public static EvidenceInputs EarlyCounts { get; } = new(
        Counts(200, 0, 100, 180, 199, 200), Counts(1_800, 2, 900, 1_620, 1_791, 1_800), TimeSpan.FromSeconds(20));

    /// <summary>Healthy counts at ten times the traffic: enough for both intervals to have two finite ends.</summary>
    public static EvidenceInputs SteadyCounts { get; } = new(
        Counts(2_000, 2, 1_000, 1_800, 1_990, 2_000), Counts(18_000, 18, 9_000, 16_200, 17_910, 18_000), TimeSpan.FromSeconds(200));

    /// <summary>A tenth of the canary's requests above the top bucket: its p99 has no upper bound yet.</summary>
    public static EvidenceInputs SlowTailCounts { get; } = EarlyCounts with { Canary = Counts(2_000, 0, 800, 1_400, 1_600, 1_800) };

    public static VersionCounts Counts(double requests, double errors, params double[] cumulative) =>
        new(requests, errors, LatencyHistogram.TryFromSorted([0.05, 0.1, 0.25, 0.5], cumulative, requests, out _));

    /// <summary>The sample with the evidence the poller would weigh from <paramref name="counts"/>.</summary>
    public static LiveSample WithEvidence(LiveSample sample, EvidenceInputs counts) => sample with
    {
        Evidence = EvidenceEngine.Assess(counts, EngineParameters.Default),
        EvidenceSince = sample.At - (counts.Window ?? TimeSpan.Zero),
        Counts = counts,
    };

    public static LiveSample NoData(DateTimeOffset at) => Sample(at, requests: 3);

    public static LiveRolloutState State(RolloutKey key, LiveSample? sample, DecisionSummary? decision = null) =>
        new(key, null, sample, decision);
}

/// <summary>
/// An in-memory <see cref="IRolloutSnapshotProvider"/>: what the watch holds, set by the test, with
/// the same <see cref="Changed"/> event the watch raises.
/// </summary>
internal sealed class TestSnapshotProvider : IRolloutSnapshotProvider
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, RolloutSnapshot> _items = new(StringComparer.Ordinal);

    public TestSnapshotProvider(params RolloutSnapshot[] snapshots)
    {
        foreach (var s in snapshots) _items[s.Key.ToString()] = s;
    }

    public IReadOnlyList<RolloutSnapshot> GetAll() { lock (_gate) return _items.Values.ToArray(); }

    public RolloutSnapshot? Get(RolloutKey key) { lock (_gate) return _items.GetValueOrDefault(key.ToString()); }

    public bool IsSynced => true;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public event Action<SnapshotChange>? Changed;

    public void Set(RolloutSnapshot snapshot)
    {
        lock (_gate) _items[snapshot.Key.ToString()] = snapshot;
        Changed?.Invoke(new SnapshotChange([snapshot], []));
    }
}
