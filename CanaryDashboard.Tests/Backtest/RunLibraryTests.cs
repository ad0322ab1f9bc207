using CanaryDashboard.Backtest;
using CanaryDashboard.Backtest.Library;
using CanaryDashboard.Engine;

namespace CanaryDashboard.Tests.Backtest;

/// <summary>The library of runs recorded from the simulated workload for a fresh install.</summary>
public sealed class RunLibraryTests
{
    private static IReadOnlyList<RecordedRun> Record(int seed = 42) =>
        new RunRecorder(seed, BacktestSettings.Default).RecordAll(LibraryRunSpec.Default);

    [Fact]
    public void Every_kind_is_recorded_with_its_label_and_the_same_seed_gives_the_same_runs()
    {
        var runs = Record();
        var again = Record();

        Assert.Equal(LibraryRunSpec.Default.Sum(s => s.Count), runs.Count);
        Assert.Equal(12, runs.Count(r => r.Label == RunTruth.Healthy));
        Assert.Equal(14, runs.Count(r => r.Label == RunTruth.Regression));
        Assert.Equal(runs.Select(r => r.Id), again.Select(r => r.Id));
        for (var i = 0; i < runs.Count; i++)
            Assert.Equal(runs[i].Samples, again[i].Samples);
        Assert.NotEqual(runs[0].Samples, Record(seed: 7)[0].Samples);
        Assert.All(runs, r => Assert.InRange(r.Samples.Length, 1, 120));
    }

    [Fact]
    public void Replaying_with_the_settings_that_recorded_them_reproduces_every_recorded_outcome()
    {
        var runs = Record();

        var side = Backtester.Run(runs, BacktestSettings.Default);

        foreach (var replay in side.Replays)
        {
            Assert.Equal(replay.Run.Outcome == RecordedOutcome.Aborted, replay.WouldAbort);
            Assert.Equal(replay.Run.RecordedAbortAfter, replay.AbortAfter);
        }
    }

    [Fact]
    public void Large_regressions_are_aborted_and_the_small_ones_slip_under_the_default_thresholds()
    {
        var runs = Record().ToDictionary(r => r.Rollout.Name);

        Assert.Equal(RecordedOutcome.Aborted, runs["latency-80-1"].Outcome);
        Assert.Equal(RecordedOutcome.Aborted, runs["errors-5-1"].Outcome);
        Assert.Equal(RecordedOutcome.Aborted, runs["pool-exhaustion-1"].Outcome);
        Assert.Equal(RecordedOutcome.Aborted, runs["slow-latency-1"].Outcome);
        Assert.Equal(RecordedOutcome.Promoted, runs["latency-10-1"].Outcome);
        Assert.Equal(RecordedOutcome.Promoted, runs["errors-1.5-1"].Outcome);
        Assert.Equal(RecordedOutcome.Promoted, runs["healthy-1"].Outcome);

        // The slow drift crosses +20 % after about 19 minutes: it is not caught before then.
        Assert.True(runs["slow-latency-1"].RecordedAbortAfter > TimeSpan.FromMinutes(15));
    }

    [Fact]
    public void A_lower_latency_threshold_catches_the_small_latency_regressions()
    {
        var runs = Record();
        var candidate = BacktestSettings.Default with { Engine = EngineParameters.Default with { LatencyThreshold = 0.08 } };

        var comparison = Backtester.Compare(runs, BacktestSettings.Default, candidate);

        var small = comparison.Candidate.Replays.Where(r => r.Run.Rollout.Name.StartsWith("latency-10", StringComparison.Ordinal)).ToList();
        Assert.All(small, r => Assert.Equal(ReplayJudgement.CaughtRegression, r.Judgement));
        Assert.True(comparison.Candidate.Summary.MissedRegressions < comparison.Current.Summary.MissedRegressions);
        Assert.True(comparison.Candidate.Summary.MedianTimeToDetect <= comparison.Current.Summary.MedianTimeToDetect);
    }
}
