using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Controller;
using CanaryDashboard.Simulation.Workload;

namespace CanaryDashboard.Backtest.Library;

/// <summary>
/// Records runs from the simulated workload as the control loop would have lived them: each poll the
/// workload is sampled at the weight the canary stands on (pool exhaustion depends on it), the
/// engine and policy in force decide, and the run ends when they abort or reach full weight. A run
/// still holding when <see cref="MaxSamples"/> is reached is taken as promoted by hand.
/// Deterministic: the same seed, specs and start give the same runs.
/// </summary>
public sealed class RunRecorder(int seed, BacktestSettings recordingSettings)
{
    public const string Namespace = "library";

    /// <summary>The library's first run starts here; runs follow every <see cref="RunSpacing"/>.</summary>
    public static readonly DateTimeOffset FirstStart = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan RunSpacing = TimeSpan.FromHours(3);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(1);

    public int MaxSamples { get; init; } = 120;

    public int Replicas { get; init; } = 10;

    public IReadOnlyList<RecordedRun> RecordAll(IReadOnlyList<LibraryRunSpec> specs)
    {
        var runs = new List<RecordedRun>();
        foreach (var spec in specs)
        {
            for (var n = 1; n <= spec.Count; n++)
                runs.Add(Record(spec, n, FirstStart + runs.Count * RunSpacing));
        }
        return runs;
    }

    public RecordedRun Record(LibraryRunSpec spec, int number, DateTimeOffset start)
    {
        var key = new RolloutKey(Namespace, $"{spec.Name}-{number}");
        var workload = new SimulatedWorkload(seed);
        var ladder = recordingSettings.Policy.Ladder.ToArray();
        var state = ReplayPolicyState.Start;
        var samples = new List<ReplaySample>(MaxSamples);
        var outcome = RecordedOutcome.Promoted;
        TimeSpan? abortAfter = null;

        for (var i = 0; i < MaxSamples; i++)
        {
            var elapsed = i * PollInterval;
            var weight = ladder[state.Rung];
            var canaryPods = (int)Math.Ceiling(Replicas * weight / 100.0);
            var shape = new TrafficShape(weight, canaryPods, Replicas, start);
            var w = workload.Sample(key, spec.Scenario, shape, start + elapsed);
            var canaryP99 = w.Canary.P99Seconds;
            var canaryErrors = w.Canary.ErrorRate;
            if (elapsed >= spec.StepFrom)
            {
                canaryP99 *= 1 + spec.LatencyStep;
                canaryErrors = canaryErrors is { } e ? Math.Min(1, e + spec.ErrorStep) : null;
            }
            var sample = ReplaySample.From(elapsed.TotalSeconds, canaryP99, w.Stable.P99Seconds, canaryErrors, w.Stable.ErrorRate,
                w.Canary.Requests, w.Stable.Requests);
            samples.Add(sample);

            var engine = WeightEngine.Assess(sample.CanaryP99, sample.StableP99, sample.CanaryErrorRate, sample.StableErrorRate,
                sample.CanaryRequests, sample.StableRequests, recordingSettings.Engine);
            state.At = elapsed.TotalSeconds;
            var step = LadderReplayPolicy.Instance.Decide(ref state, engine, recordingSettings.Policy, ladder);
            if (step.Action == ReplayAction.Abort)
            {
                outcome = RecordedOutcome.Aborted;
                abortAfter = elapsed;
                break;
            }
            if (step.Action == ReplayAction.PromoteFull)
                break;
        }

        var revision = PodTemplateHash.Fnv1a($"{spec.Name}-{number}-{seed}").ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        return new RecordedRun($"{key}#{number}", key, revision, start, [.. samples], outcome, spec.Truth, spec.Description, abortAfter);
    }
}
