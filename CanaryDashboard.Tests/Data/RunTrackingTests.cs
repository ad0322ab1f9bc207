using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Model;
using Microsoft.EntityFrameworkCore;

namespace CanaryDashboard.Tests.Data;

/// <summary>Rollout runs are opened, marked and closed from what the poller's samples and decisions show.</summary>
public sealed class RunTrackingTests
{
    private static readonly RolloutKey Shop = new("prod", "shop");

    /// <summary>One store for all batches, as in the app, so its cache of open runs is used between transactions.</summary>
    private static async Task WriteAsync(TestDatabase database, params HistoryBatch[] batches)
    {
        var store = new HistoryBatchStore(database.Contexts);
        foreach (var batch in batches)
            await store.WriteAsync([batch], CancellationToken.None);
    }

    private static RunObservation Running(string rev) => new(rev, RunOutcome.Running);

    [Fact]
    public async Task A_regression_run_records_first_breach_the_abort_sent_and_the_time_between()
    {
        await using var database = await TestDatabase.CreateAsync();
        var t = Records.T0;
        await WriteAsync(database,
            new HistoryBatch([Records.Sample(Shop, t, run: Running("abc"))]),
            new HistoryBatch([Records.Sample(Shop, t.AddSeconds(5), run: Running("abc"))]),
            new HistoryBatch([Records.Breach(Shop, t.AddSeconds(10), run: Running("abc"))]),
            new HistoryBatch([Records.Breach(Shop, t.AddSeconds(15), run: Running("abc"))],
                [Records.Decision(Shop, t.AddSeconds(15), DecisionAction.Abort, new SentPatch("rollouts/shop/status", """{"status":{"abort":true}}""", true, "200 OK"))]),
            new HistoryBatch([Records.Sample(Shop, t.AddSeconds(20), run: new RunObservation("abc", RunOutcome.Aborted))]));

        await using var db = database.Open();
        var run = await db.RolloutRuns.SingleAsync();
        Assert.Equal(("abc", RunOutcome.Aborted), (run.Revision, run.Outcome));
        Assert.Equal(t, run.StartedAt);
        Assert.Equal(t.AddSeconds(10), run.FirstBreachAt);
        Assert.Equal(t.AddSeconds(15), run.AbortedAt);   // when the abort was sent, not when it was seen
        Assert.Equal(t.AddSeconds(20), run.EndedAt);
        Assert.Equal(5, run.BreachToAbortSeconds);
    }

    [Fact]
    public async Task A_healthy_run_is_promoted_and_a_new_revision_supersedes_a_running_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        var t = Records.T0;
        await WriteAsync(database,
            new HistoryBatch([Records.Sample(Shop, t, run: Running("v1"))]),
            new HistoryBatch([Records.Sample(Shop, t.AddMinutes(1), run: new RunObservation("v1", RunOutcome.Promoted))]),
            // Still promoted afterwards: no new run for the same revision.
            new HistoryBatch([Records.Sample(Shop, t.AddMinutes(2), run: new RunObservation("v1", RunOutcome.Promoted))]),
            new HistoryBatch([Records.Sample(Shop, t.AddMinutes(3), run: Running("v2"))]),
            new HistoryBatch([Records.Sample(Shop, t.AddMinutes(4), run: Running("v3"))]));

        await using var db = database.Open();
        var runs = await db.RolloutRuns.OrderBy(r => r.StartedAt).ToListAsync();
        Assert.Equal(["v1", "v2", "v3"], runs.Select(r => r.Revision));
        Assert.Equal([RunOutcome.Promoted, RunOutcome.Superseded, RunOutcome.Running], runs.Select(r => r.Outcome));
        Assert.Equal(t.AddMinutes(1), runs[0].EndedAt);
        Assert.Equal(t.AddMinutes(4), runs[1].EndedAt);
        Assert.Null(runs[0].FirstBreachAt);
        Assert.Null(runs[2].EndedAt);
    }

    [Fact]
    public async Task A_retry_after_an_abort_starts_a_new_run_of_the_same_revision_and_a_revision_first_seen_promoted_none()
    {
        await using var database = await TestDatabase.CreateAsync();
        var t = Records.T0;
        await WriteAsync(database,
            new HistoryBatch([Records.Sample(Shop, t, run: new RunObservation("old", RunOutcome.Promoted))]),
            new HistoryBatch([Records.Breach(Shop, t.AddSeconds(5), run: Running("abc"))]),
            new HistoryBatch([Records.Sample(Shop, t.AddSeconds(10), run: new RunObservation("abc", RunOutcome.Aborted))]),
            new HistoryBatch([Records.Sample(Shop, t.AddSeconds(60), run: Running("abc"))]));

        await using var db = database.Open();
        var runs = await db.RolloutRuns.OrderBy(r => r.StartedAt).ToListAsync();
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal("abc", r.Revision));
        Assert.Equal(RunOutcome.Aborted, runs[0].Outcome);
        Assert.Equal(t.AddSeconds(10), runs[0].AbortedAt); // no abort decision: the abort as first seen
        Assert.Equal(5, runs[0].BreachToAbortSeconds);
        Assert.Equal((RunOutcome.Running, t.AddSeconds(60)), (runs[1].Outcome, runs[1].StartedAt));
    }

    [Fact]
    public async Task A_runs_samples_are_read_back_for_replay_and_nothing_of_other_runs_or_rollouts()
    {
        await using var database = await TestDatabase.CreateAsync();
        var t = Records.T0;
        var other = new RolloutKey("prod", "other");
        await WriteAsync(database,
            new HistoryBatch([Records.Sample(Shop, t, run: Running("v1")), Records.Sample(other, t, run: Running("x"))]),
            new HistoryBatch([Records.Sample(Shop, t.AddSeconds(5), run: Running("v1")), Records.Sample(other, t.AddSeconds(5), run: Running("x"))]),
            new HistoryBatch([Records.Sample(Shop, t.AddSeconds(10), run: new RunObservation("v1", RunOutcome.Promoted))]),
            new HistoryBatch([Records.Sample(Shop, t.AddSeconds(15), run: Running("v2"))]));

        await using var db = database.Open();
        var v1 = await db.RolloutRuns.SingleAsync(r => r.Revision == "v1");
        var samples = await new CanaryDashboard.Data.Queries.HistoryQueries(database.Contexts).GetRunSamplesAsync(v1.Id, CancellationToken.None);
        Assert.Equal([t, t.AddSeconds(5), t.AddSeconds(10)], samples!.Select(s => s.At));
        Assert.All(samples!, s => Assert.Equal(v1.RolloutId, s.RolloutId));
        Assert.Null(await new CanaryDashboard.Data.Queries.HistoryQueries(database.Contexts).GetRunSamplesAsync(9999, CancellationToken.None));
    }

    [Fact]
    public async Task Runs_continue_across_a_restart_of_the_writer()
    {
        await using var database = await TestDatabase.CreateAsync();
        var t = Records.T0;
        await new HistoryBatchStore(database.Contexts).WriteAsync([new HistoryBatch([Records.Breach(Shop, t, run: Running("abc"))])], CancellationToken.None);
        // A new store (a restarted app) finds the open run in the database instead of opening another.
        await new HistoryBatchStore(database.Contexts).WriteAsync(
            [new HistoryBatch([Records.Sample(Shop, t.AddSeconds(30), run: new RunObservation("abc", RunOutcome.Aborted))])], CancellationToken.None);

        await using var db = database.Open();
        var run = await db.RolloutRuns.SingleAsync();
        Assert.Equal((RunOutcome.Aborted, 30.0), (run.Outcome, run.BreachToAbortSeconds));
    }
}
