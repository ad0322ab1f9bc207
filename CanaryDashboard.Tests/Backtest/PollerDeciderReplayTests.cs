using CanaryDashboard.Backtest;
using CanaryDashboard.Engine;

namespace CanaryDashboard.Tests.Backtest;

/// <summary>
/// The backtest's allocation-free policy and the live poller's own <c>RolloutDecider</c> (through
/// <see cref="RolloutDeciderReplayPolicy"/>) replay every run to the same end, time and rungs, both
/// weighing the evidence since the replay's own rung entry (the library's subset: one run per class).
/// </summary>
public sealed class PollerDeciderReplayTests
{
    public static TheoryData<int, int, double, bool> Settings => new()
    {
        { 3, 2, 0.20, true },
        { 1, 1, 0.10, true },
        { 5, 3, 0.08, true },
        { 2, 2, 0.15, false },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Both_policies_replay_the_library_and_the_constructed_runs_alike(int n, int m, double latencyThreshold, bool promoteToFull)
    {
        var runs = RunLibraryTests.SubsetRuns.Concat(BacktesterTests.All).ToList();
        var settings = new BacktestSettings(EngineParameters.Default with { LatencyThreshold = latencyThreshold },
            ReplayPolicySettings.Default with { PollsToAdvance = n, BreachesToAbort = m, PromoteToFull = promoteToFull });

        var lean = Backtester.Run(runs, settings, LadderReplayPolicy.Instance);
        var poller = Backtester.Run(runs, settings, RolloutDeciderReplayPolicy.Instance);

        for (var i = 0; i < runs.Count; i++)
        {
            var (a, b) = (lean.Replays[i], poller.Replays[i]);
            Assert.True(a.End == b.End && a.AbortAfter == b.AbortAfter && a.FullWeightAfter == b.FullWeightAfter && a.Rungs.SequenceEqual(b.Rungs),
                $"{runs[i].Id}: lean {a.End} {a.AbortAfter} {a.FullWeightAfter} [{string.Join(", ", a.Rungs)}], " +
                $"poller {b.End} {b.AbortAfter} {b.FullWeightAfter} [{string.Join(", ", b.Rungs)}]");
        }
        Assert.Equal(lean.Summary, poller.Summary);
    }
}
