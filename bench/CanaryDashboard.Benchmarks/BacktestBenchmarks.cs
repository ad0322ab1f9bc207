using BenchmarkDotNet.Attributes;
using CanaryDashboard.Backtest;
using CanaryDashboard.Engine;
using CanaryDashboard.Model;

namespace CanaryDashboard.Benchmarks;

/// <summary>
/// The backtest's speed target: 1,000 recorded runs of 720 samples each replayed in under 2 s.
/// The worst case: every run is replayed to its last sample (a lone breach every 50 polls never
/// aborts with M = 2, and resets the advance streak before N = 90 is reached, so no run ends early).
/// </summary>
[MemoryDiagnoser]
public class BacktestBenchmarks
{
    private const int Runs = 1_000;
    private const int SamplesPerRun = 720;

    private RecordedRun[] _runs = [];
    private readonly BacktestSettings _settings = new(EngineParameters.Default, ReplayPolicySettings.Default with { PollsToAdvance = 90 });
    private readonly BacktestSettings _candidate = new(EngineParameters.Default with { LatencyThreshold = 0.15 }, ReplayPolicySettings.Default with { PollsToAdvance = 90 });

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _runs = new RecordedRun[Runs];
        for (var r = 0; r < Runs; r++)
        {
            var samples = new ReplaySample[SamplesPerRun];
            for (var i = 0; i < SamplesPerRun; i++)
            {
                // Healthy noise around stable; every 50th poll a lone breach (+30 %), never two in a row.
                var latency = i % 50 == 49 ? 1.30 : 1 + (random.NextDouble() - 0.5) * 0.1;
                samples[i] = new ReplaySample(i * 10, 0.120 * latency, 0.120, 0.002 + random.NextDouble() * 0.001, 0.002, 1_000, 10_000);
            }
            _runs[r] = new RecordedRun($"run-{r}", new RolloutKey("bench", $"r{r % 20}"), $"rev{r}", start.AddHours(r), samples,
                RecordedOutcome.Promoted, r % 3 == 0 ? RunTruth.Regression : RunTruth.Healthy);
        }
    }

    /// <summary>720,000 samples with one set of settings.</summary>
    [Benchmark(Baseline = true)]
    public BacktestSummary Replay1000RunsOf720Samples() => Backtester.Run(_runs, _settings).Summary;

    /// <summary>The same replay through the live poller's own decider (words and lists per poll), for comparison.</summary>
    [Benchmark]
    public BacktestSummary Replay1000RunsWithThePollersDecider() => Backtester.Run(_runs, _settings, RolloutDeciderReplayPolicy.Instance).Summary;

    /// <summary>What the studio does on "Run backtest": current and candidate, 1.44 million samples.</summary>
    [Benchmark]
    public BacktestComparison CompareCurrentAndCandidate() => Backtester.Compare(_runs, _settings, _candidate);
}
