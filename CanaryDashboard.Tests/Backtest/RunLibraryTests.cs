using CanaryDashboard.Backtest;
using CanaryDashboard.Backtest.Library;

namespace CanaryDashboard.Tests.Backtest;

/// <summary>
/// The scenario library, generated in its closed loop. The full library (44 runs, an hour each at
/// most) is the bench's table (<c>-- scenario-library</c>); here one run per class and 20 minutes
/// keep the test fast, which is enough for what must hold at the first rungs.
/// </summary>
public sealed class RunLibraryTests
{
    private static readonly Lazy<IReadOnlyList<RecordedRun>> Subset = new(() => Record(42));

    /// <summary>One run per class, 20 minutes at most, seed 42 (recorded once for the test run).</summary>
    internal static IReadOnlyList<RecordedRun> SubsetRuns => Subset.Value;

    internal static IReadOnlyList<RecordedRun> Record(int seed) =>
        new RunRecorder(seed, BacktestSettings.Default) { MaxDuration = TimeSpan.FromMinutes(20) }
            .RecordAll([.. LibraryRunSpec.Default.Select(s => s with { Count = 1 })]);

    [Fact]
    public void The_library_labels_at_least_forty_runs_in_every_class_the_issue_names()
    {
        var specs = LibraryRunSpec.Default;

        Assert.True(specs.Sum(s => s.Count) >= 40);
        Assert.All(specs, s => Assert.InRange(s.Count, 3, 4));
        Assert.Equal([1.0, 3, 10, 100], specs.Where(s => s is { Truth: RunTruth.Healthy, Noisy: false }).Select(s => s.CanaryRequestsPerSecondAtFirstRung));
        Assert.Contains(specs, s => s is { Truth: RunTruth.Healthy, Noisy: true });
        Assert.Equal([1.10, 1.20, 1.35, 2.00], specs.Where(s => s.LatencyFactor > 1).Select(s => Math.Round(s.LatencyFactor, 2)));
        Assert.Equal([0.005, 0.01, 0.03, 0.10], specs.Where(s => s.ExtraErrors > 0).Select(s => s.ExtraErrors));
        Assert.All(specs.Where(s => s.LatencyFactor > 1 || s.ExtraErrors > 0), s => Assert.Equal(RunTruth.Regression, s.Truth));
    }

    [Fact]
    public void No_healthy_canary_is_aborted_and_gross_regressions_are_caught_at_the_first_rung()
    {
        var runs = Subset.Value;
        var side = Backtester.Run(runs, BacktestSettings.Default);
        var byClass = side.Replays.ToDictionary(r => LibraryReport.ClassOf(r.Run));

        Assert.All(side.Replays.Where(r => r.Run.Truth == RunTruth.Healthy), r => Assert.False(r.WouldAbort, r.Run.Id));
        foreach (var gross in new[] { "p99+100%", "errors+10pp" })
        {
            Assert.True(byClass[gross].WouldAbort, gross);
            Assert.Equal(1, byClass[gross].HighestWeight);
            Assert.True(byClass[gross].AbortAfter < TimeSpan.FromMinutes(2), $"{gross}: {byClass[gross].AbortAfter}");
        }
        // 100 req/s at the first rung: every rung shows the evidence within its minute, full weight at the 60 s-per-rung floor.
        Assert.Equal(ReplayEnd.FullWeight, byClass["healthy-100"].End);
        Assert.True(byClass["healthy-100"].FullWeightAfter < TimeSpan.FromMinutes(10));
        Assert.All(runs, r => Assert.NotNull(r.Counts));
    }

    [Fact]
    public void Replaying_with_the_recording_settings_reproduces_the_closed_loop_and_a_seed_its_runs()
    {
        var runs = Subset.Value;
        var side = Backtester.Run(runs, BacktestSettings.Default);

        foreach (var replay in side.Replays)
        {
            Assert.Equal(replay.Run.Outcome == RecordedOutcome.Aborted, replay.WouldAbort);
            Assert.Equal(replay.Run.Outcome == RecordedOutcome.Promoted, replay.End == ReplayEnd.FullWeight);
            Assert.Equal(replay.Run.RecordedAbortAfter, replay.AbortAfter);
            Assert.Equal(replay.Run.Samples.Length, replay.Run.Counts!.Samples);
        }

        var again = new RunRecorder(42, BacktestSettings.Default) { MaxDuration = TimeSpan.FromMinutes(20) }
            .Record(LibraryRunSpec.Default[2] with { Count = 1 }, 1, RunRecorder.FirstStart);
        var other = new RunRecorder(7, BacktestSettings.Default) { MaxDuration = TimeSpan.FromMinutes(20) }
            .Record(LibraryRunSpec.Default[2] with { Count = 1 }, 1, RunRecorder.FirstStart);
        Assert.Equal(runs[2].Samples, again.Samples);
        Assert.NotEqual(runs[2].Samples, other.Samples);
    }

    [Fact]
    public void The_canary_traffic_follows_the_weight()
    {
        // healthy-100: 100 canary req/s at 1 %, so 10,000 req/s in all; at 2 % the canary gets about 200 req/s.
        var run = Subset.Value.Single(r => LibraryReport.ClassOf(r) == "healthy-100");
        var replay = Backtester.Run([run], BacktestSettings.Default).Replays[0];
        var second = replay.Rungs[1];
        var from = (int)(second.EnteredAfter.TotalSeconds / 2);
        var to = (int)((second.EnteredAfter + second.Duration).TotalSeconds / 2);
        var counts = run.Counts!;
        var perSecond = (counts.Requests(to, CountedVersion.Canary) - counts.Requests(from, CountedVersion.Canary)) / ((to - from) * 2.0);
        var stablePerSecond = (counts.Requests(to, CountedVersion.Stable) - counts.Requests(from, CountedVersion.Stable)) / ((to - from) * 2.0);

        Assert.Equal(2, second.Weight);
        Assert.InRange(perSecond, 180, 220);
        Assert.InRange(stablePerSecond, 9_600, 10_000);
    }
}
