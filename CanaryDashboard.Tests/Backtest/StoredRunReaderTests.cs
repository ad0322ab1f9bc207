using CanaryDashboard.Backtest;
using CanaryDashboard.Backtest.Library;
using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Queries;
using CanaryDashboard.Tests.Data;

namespace CanaryDashboard.Tests.Backtest;

/// <summary>Runs recorded in SQLite are read back as replayable runs, next to the simulated library.</summary>
public sealed class StoredRunReaderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Stored_runs_come_back_with_their_samples_outcome_and_abort_time()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.Open())
        {
            var rollout = new RolloutRow { Namespace = "shop", Name = "web" };
            db.Rollouts.Add(rollout);
            await db.SaveChangesAsync();
            db.RolloutRuns.Add(new RolloutRunRow { RolloutId = rollout.Id, Revision = "abc", StartedAt = Start, EndedAt = Start.AddSeconds(20),
                Outcome = RunOutcome.Aborted, AbortedAt = Start.AddSeconds(20) });
            for (var i = 0; i < 3; i++)
            {
                db.Samples.Add(new SampleRow
                {
                    RolloutId = rollout.Id, At = Start.AddSeconds(10 * i),
                    Values = new SampleValues { CanaryP99 = 0.13, StableP99 = 0.10, CanaryErrorRate = 0.01, StableErrorRate = 0.01, CanaryRequests = 500, StableRequests = i == 1 ? null : 5000 },
                });
            }
            await db.SaveChangesAsync();
        }

        var runs = await new StoredRunReader(new HistoryQueries(database.Contexts)).ReadAsync(CancellationToken.None);

        var run = Assert.Single(runs);
        Assert.Equal("shop/web", run.Rollout.ToString());
        Assert.Equal(RecordedOutcome.Aborted, run.Outcome);
        Assert.Equal(RunTruth.Regression, run.Truth);          // no label: aborted is taken as a regression
        Assert.Equal(TimeSpan.FromSeconds(20), run.RecordedAbortAfter);
        Assert.Equal([0.0, 10, 20], run.Samples.Select(s => s.OffsetSeconds));
        Assert.True(double.IsNaN(run.Samples[1].StableRequests));   // missing stays missing

        // No counts stored yet: +30 % in the point estimates is no evidence, the replay holds and the run is not judged.
        Assert.Null(run.Counts);
        var side = Backtester.Run(runs, BacktestSettings.Default);
        var replay = side.Replays[0];
        Assert.Equal(ReplayEnd.RecordingEnded, replay.End);
        Assert.Equal(ReplayJudgement.NotJudged, replay.Judgement);
        Assert.Equal(1, side.Summary.WithoutCounts);
        Assert.Equal(1, side.Summary.NotJudged);
    }

    [Fact]
    public async Task In_simulated_mode_the_catalog_adds_the_library_to_the_stored_runs()
    {
        await using var database = await TestDatabase.CreateAsync();
        var reader = new StoredRunReader(new HistoryQueries(database.Contexts));
        var options = new CanaryDashboardOptions();

        var simulated = await new RecordedRunCatalog(Microsoft.Extensions.Options.Options.Create(options), reader).GetRunsAsync(CancellationToken.None);
        options.Cluster.Mode = ClusterMode.Kubeconfig;
        var real = new RecordedRunCatalog(Microsoft.Extensions.Options.Options.Create(options), reader);

        Assert.Equal(LibraryRunSpec.Default.Sum(s => s.Count), simulated.Count);
        Assert.All(simulated, r => Assert.NotNull(r.Counts));
        Assert.Empty(await real.GetRunsAsync(CancellationToken.None));
        Assert.Null(real.Unavailable);
    }
}
