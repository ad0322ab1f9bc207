using CanaryDashboard.Backtest;
using CanaryDashboard.Backtest.Library;
using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Queries;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Tests.Engine.Evidence;
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

        // Recorded before counts were stored: +30 % in the point estimates is no evidence, the replay holds and the run is not judged.
        Assert.Null(run.Counts);
        var side = Backtester.Run(runs, BacktestSettings.Default);
        var replay = side.Replays[0];
        Assert.Equal(ReplayEnd.RecordingEnded, replay.End);
        Assert.Equal(ReplayJudgement.NotJudged, replay.Judgement);
        Assert.Equal(1, side.Summary.WithoutCounts);
        Assert.Equal(1, side.Summary.NotJudged);
    }

    [Fact]
    public async Task Stored_counts_since_each_window_replay_as_evidence_since_the_replays_own_rung_entry()
    {
        // A canary every request of which is twice as slow, 2,000 canary and 20,000 stable requests per 10 s, read every
        // 10 s; the live loop's window restarted at 30 s (a new rung), so the stored counts start again there.
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.Open())
        {
            var rollout = new RolloutRow { Namespace = "shop", Name = "slow" };
            db.Rollouts.Add(rollout);
            await db.SaveChangesAsync();
            db.RolloutRuns.Add(new RolloutRunRow { RolloutId = rollout.Id, Revision = "abc", StartedAt = Start, Outcome = RunOutcome.Running });
            for (var i = 0; i < 6; i++)
            {
                var windowStart = i < 3 ? Start : Start.AddSeconds(30);
                var elapsed = (Start.AddSeconds(10 * i) - windowStart).TotalSeconds;
                var stored = new EvidenceInputs(
                    new VersionCounts(200 * elapsed, elapsed, EvidenceSimulator.ExpectedHistogram(200 * elapsed, 0.2, 0.5)),
                    new VersionCounts(2000 * elapsed, 10 * elapsed, EvidenceSimulator.ExpectedHistogram(2000 * elapsed, 0.1, 0.5)),
                    TimeSpan.FromSeconds(elapsed));
                db.Samples.Add(new SampleRow
                {
                    RolloutId = rollout.Id, At = Start.AddSeconds(10 * i),
                    Values = new SampleValues { CanaryP99 = 0.64, StableP99 = 0.32, CanaryErrorRate = 0.005, StableErrorRate = 0.005, CanaryRequests = 2000, StableRequests = 20000 },
                    Evidence = new SampleEvidence { Since = windowStart, Counts = EvidenceCountsCodec.Encode(stored) },
                });
            }
            await db.SaveChangesAsync();
        }

        var run = Assert.Single(await new StoredRunReader(new HistoryQueries(database.Contexts)).ReadAsync(CancellationToken.None));

        // Since the run's start: the first window's last read (20 s) carried into the second: 200 × (20 + 20) = 8,000 at 50 s.
        var counts = Assert.IsType<RecordedCounts>(run.Counts);
        Assert.Equal(8_000, counts.Requests(5, CountedVersion.Canary), 6);
        Assert.Equal(80_000, counts.Requests(5, CountedVersion.Stable), 6);
        var side = Backtester.Run([run], BacktestSettings.Default);
        Assert.Equal(0, side.Summary.WithoutCounts);
        Assert.Equal(ReplayEnd.Aborted, side.Replays[0].End);   // p99 +100 %: the evidence shows the breach
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
