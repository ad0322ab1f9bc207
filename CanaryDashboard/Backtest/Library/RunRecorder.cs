using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Controller;

namespace CanaryDashboard.Backtest.Library;

/// <summary>
/// Records the scenario library as the live loop would have lived it: a closed loop. Every poll
/// (<see cref="PollInterval"/>) the traffic of the last interval is generated at the weight the
/// canary stands on (<see cref="LibraryTraffic"/>, seeded), the rate window's point estimates give the
/// engine's safe weight, the evidence since the rung's entry is weighed, and the policy decides
/// (<see cref="LadderReplayPolicy"/>, the live decider's rules; a test holds it equal to the decider).
/// A run ends when the policy aborts or promotes to full weight, or after <see cref="MaxDuration"/>
/// still holding (recorded as <see cref="RecordedOutcome.Running"/>).
/// <para>Because the loop generates traffic at its own weight, replaying a run with the settings
/// that recorded it reproduces it exactly, and the per-class numbers (<see cref="LibraryReport"/>)
/// are the live loop's. Replaying it with other settings replays the traffic as recorded: a
/// candidate that would have climbed faster or slower still sees the recorded weights' traffic.</para>
/// Deterministic: the same seed, specs and settings give the same runs.
/// </summary>
public sealed class RunRecorder(int seed, BacktestSettings recordingSettings)
{
    public const string Namespace = "library";

    /// <summary>The library's first run starts here; runs follow every <see cref="RunSpacing"/>.</summary>
    public static readonly DateTimeOffset FirstStart = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan RunSpacing = TimeSpan.FromHours(3);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>The point estimates' window (the poller's <c>Prometheus:RateWindow</c>, default 5 min).</summary>
    public TimeSpan RateWindow { get; init; } = TimeSpan.FromMinutes(5);

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
        var random = new Random((int)PodTemplateHash.Fnv1a($"{seed}/{spec.Name}/{number}"));
        var ladder = recordingSettings.Policy.Ladder.ToArray();
        var dt = PollInterval.TotalSeconds;
        var polls = (int)Math.Round(MaxDuration.TotalSeconds / dt);
        var windowPolls = Math.Max(1, (int)Math.Round(RateWindow.TotalSeconds / dt));
        var totalRate = spec.CanaryRequestsPerSecondAtFirstRung / (ladder[0] / 100.0);

        var counts = new RecordedCounts(LibraryTraffic.Bounds, polls);
        var samples = new List<ReplaySample>(polls);
        var canary = new Version(LibraryTraffic.Bounds.Length);
        var stable = new Version(LibraryTraffic.Bounds.Length);
        LibraryTraffic.Shares(LibraryTraffic.StableMedianSeconds * spec.LatencyFactor, LibraryTraffic.Sigma, canary.Shares);
        LibraryTraffic.Shares(LibraryTraffic.StableMedianSeconds, LibraryTraffic.Sigma, stable.Shares);

        var state = ReplayPolicyState.Start;
        var (entry, enteredAt) = (-1, 0.0);
        var outcome = RecordedOutcome.Running;
        TimeSpan? abortAfter = null;
        var taken = polls;
        for (var i = 0; i < polls; i++)
        {
            var weight = ladder[state.Rung] / 100.0;
            var (burst, errorFactor) = (1.0, 1.0);
            if (spec.Noisy)
            {
                // Alike for both versions: the canary stays as healthy as stable, only the estimates wander.
                burst = Math.Exp(0.4 * LibraryTraffic.Gaussian(random) - 0.08);
                errorFactor = Math.Exp(0.3 * LibraryTraffic.Gaussian(random) - 0.045);
                var latency = Math.Exp(0.08 * LibraryTraffic.Gaussian(random));
                LibraryTraffic.Shares(LibraryTraffic.StableMedianSeconds * spec.LatencyFactor * latency, LibraryTraffic.Sigma, canary.Shares);
                LibraryTraffic.Shares(LibraryTraffic.StableMedianSeconds * latency, LibraryTraffic.Sigma, stable.Shares);
            }
            var stableErrors = LibraryTraffic.StableErrorRate * errorFactor;
            canary.Draw(random, totalRate * weight * dt * burst, Math.Min(1, stableErrors + spec.ExtraErrors));
            stable.Draw(random, totalRate * (1 - weight) * dt * burst, stableErrors);
            canary.WriteTo(counts, i, CountedVersion.Canary);
            stable.WriteTo(counts, i, CountedVersion.Stable);

            var at = i * dt;   // seconds after the first poll, as the replay counts them
            var sample = PointEstimates(counts, i, windowPolls, (i + 1) * dt);
            samples.Add(sample);
            var engine = WeightEngine.Assess(sample.CanaryP99, sample.StableP99, sample.CanaryErrorRate, sample.StableErrorRate,
                sample.CanaryRequests, sample.StableRequests, recordingSettings.Engine);
            var evidence = RunReplayer.Evidence(counts, i, entry, at - enteredAt, recordingSettings.Engine, recordingSettings.Evidence);
            state.At = at;
            var step = LadderReplayPolicy.Instance.Decide(ref state, engine, evidence, recordingSettings.Policy, ladder);
            if (step.Action == ReplayAction.Advance)
                (entry, enteredAt) = (i, at);
            else if (step.Action is ReplayAction.Abort or ReplayAction.PromoteFull)
            {
                outcome = step.Action == ReplayAction.Abort ? RecordedOutcome.Aborted : RecordedOutcome.Promoted;
                abortAfter = step.Action == ReplayAction.Abort ? TimeSpan.FromSeconds(at) : null;
                taken = i + 1;
                break;
            }
        }

        var revision = PodTemplateHash.Fnv1a($"{spec.Name}-{number}-{seed}").ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        return new RecordedRun($"{key}#{number}", key, revision, start, [.. samples], outcome, spec.Truth, spec.Description, abortAfter,
            counts.Take(taken));
    }

    /// <summary>
    /// What the poller's rate-window queries would answer at this poll: histogram_quantile's p99 (the
    /// top finite bound when the rank is above it), the error ratio and the request counts over the
    /// last <see cref="RateWindow"/> (since the run's start while it is shorter).
    /// </summary>
    private static ReplaySample PointEstimates(RecordedCounts counts, int i, int windowPolls, double offsetSeconds)
    {
        var window = counts.Since(i, i - windowPolls, TimeSpan.Zero);
        return new ReplaySample(offsetSeconds, P99(window.Canary), P99(window.Stable), Ratio(window.Canary), Ratio(window.Stable),
            window.Canary.Requests, window.Stable.Requests);

        static double Ratio(VersionCounts c) => c.Requests > 0 ? c.Errors / c.Requests : double.NaN;

        static double P99(VersionCounts c)
        {
            if (c.Latency is not { Total: > 0 } h) return double.NaN;
            var value = h.ValueAtRank(0.99 * h.Total, out var aboveTop);
            return aboveTop ? h.TopFiniteBound : value;
        }
    }

    /// <summary>One version's running counts: new requests per bucket (the last above the top bound), requests and errors.</summary>
    private sealed class Version(int bounds)
    {
        public readonly double[] Shares = new double[bounds + 1];
        private readonly double[] _buckets = new double[bounds + 1];
        private readonly double[] _cumulative = new double[bounds];
        private double _requests, _errors;

        public void Draw(Random random, double expected, double errorRate) =>
            LibraryTraffic.Draw(random, expected, errorRate, Shares, _buckets, ref _requests, ref _errors);

        public void WriteTo(RecordedCounts counts, int sample, CountedVersion version)
        {
            var running = 0.0;
            for (var b = 0; b < _cumulative.Length; b++) _cumulative[b] = running += _buckets[b];
            counts.Set(sample, version, _requests, _errors, _cumulative, running + _buckets[^1]);
        }
    }
}
