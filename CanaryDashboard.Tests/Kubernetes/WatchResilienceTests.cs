using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>
/// The watch never dies: it survives the API server going away mid-stream and coming back, a
/// 410 Gone after the history it watched from was compacted, and a kind it may not list; its
/// retries wait on the injected clock.
/// </summary>
public class WatchResilienceTests
{
    private static readonly int[] Weights = [1, 2, 5, 10];

    private static void SetStep(SimulatedClusterFixture sim, string name, int step) =>
        sim.Cluster.Store.Update(ResourceCatalog.Rollouts, "shop", name, r =>
        {
            r["status"]!["currentStepIndex"] = step;
            return r;
        });

    [Fact]
    public async Task The_watch_resumes_after_the_api_server_restarts_mid_stream()
    {
        await using var sim = await SimulatedClusterFixture.StartAsync();
        sim.Load([TestRollouts.Ladder("shop", "checkout", 1, Weights)]);
        await sim.StartWatchAsync();
        await Wait.UntilAsync(() => sim.Cluster.Store.WatcherCount >= 6, "the watches to be open");

        await sim.Cluster.StopListeningAsync();
        await Wait.UntilAsync(() => !sim.Watch.Status.Connected, "the state to show the API server gone");
        var down = sim.Watch.Status;
        Assert.NotNull(down.LastError);
        Assert.NotNull(down.LastErrorAt);

        // Changes while the dashboard cannot see them: a step moves, a rollout appears.
        SetStep(sim, "checkout", 3);
        sim.Cluster.Store.Load(TestRollouts.Ladder("shop", "search", 1, Weights));
        await sim.Cluster.StartListeningAsync();

        await Wait.UntilAsync(() => sim.Watch.Get(new RolloutKey("shop", "checkout"))?.Step == "3/8"
                                    && sim.Watch.Get(new RolloutKey("shop", "search")) is not null,
            "the changes made while the server was down");
        await Wait.UntilAsync(() => sim.Watch.Status.Connected, "the state to show the API server back");
        Assert.True(sim.Watch.Status.Reconnects > 0);
        Assert.Equal(0, sim.Watch.Status.Relists);   // resumed from its resourceVersion, no relist needed

        // And it keeps watching after the restart.
        SetStep(sim, "search", 5);
        await Wait.UntilAsync(() => sim.Watch.Get(new RolloutKey("shop", "search"))?.Step == "5/8", "a change after the restart");
    }

    [Fact]
    public async Task A_410_gone_makes_the_watch_list_again()
    {
        await using var sim = await SimulatedClusterFixture.StartAsync();
        sim.Load([TestRollouts.Ladder("shop", "checkout", 1, Weights), TestRollouts.Ladder("shop", "search", 1, Weights)]);
        await sim.StartWatchAsync();
        await Wait.UntilAsync(() => sim.Cluster.Store.WatcherCount >= 6, "the watches to be open");

        await sim.Cluster.StopListeningAsync();
        SetStep(sim, "checkout", 5);
        sim.Cluster.Store.Delete(ResourceCatalog.Rollouts, "shop", "search");
        sim.Cluster.CompactHistory();            // the versions the watches hold are now too old
        await sim.Cluster.StartListeningAsync();

        await Wait.UntilAsync(() => sim.Watch.Status.Relists > 0, "a relist after 410 Gone");
        await Wait.UntilAsync(() => sim.Watch.Get(new RolloutKey("shop", "checkout"))?.Step == "5/8"
                                    && sim.Watch.Get(new RolloutKey("shop", "search")) is null,
            "the relisted state (a change and a deletion)");
        Assert.Contains(sim.Requests, r => r.PathAndQuery.Contains("watch=true") && r.PathAndQuery.Contains("resourceVersion="));

        SetStep(sim, "checkout", 7);
        await Wait.UntilAsync(() => sim.Watch.Get(new RolloutKey("shop", "checkout"))?.Step == "7/8", "watching again after the relist");
    }

    [Fact]
    public async Task Retries_wait_on_the_injected_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T12:00:00Z"));
        await using var sim = await SimulatedClusterFixture.StartAsync(time: clock,
            configureAdapter: c => { c.WatchInitialBackoff = TimeSpan.FromSeconds(10); c.WatchMaxBackoff = TimeSpan.FromSeconds(40); });
        sim.Load([TestRollouts.Ladder("shop", "checkout", 1, Weights)]);
        await sim.StartWatchAsync();
        Assert.Equal(clock.GetUtcNow(), sim.Watch.Status.FirstSyncAt);
        await Wait.UntilAsync(() => sim.Cluster.Store.WatcherCount >= 6, "the watches to be open");

        await sim.Cluster.StopListeningAsync();
        await Wait.UntilAsync(() => sim.Watch.Status.Reconnects >= 6, "every loop to fail once");
        SetStep(sim, "checkout", 3);
        await sim.Cluster.StartListeningAsync();

        // The loops now sleep 5–10 s of fake time: only moving the clock brings the change in.
        await Wait.UntilAsync(() => sim.Watch.Get(new RolloutKey("shop", "checkout"))?.Step == "3/8",
            "the change once the fake clock passes the backoff", betweenChecks: () => clock.Advance(TimeSpan.FromSeconds(1)));
        Assert.True(clock.GetUtcNow() >= DateTimeOffset.Parse("2026-11-26T12:00:05Z"), $"resumed at {clock.GetUtcNow():O}, before the first backoff had passed");
        await Wait.UntilAsync(() => sim.Watch.Status.Connected, "every loop back", betweenChecks: () => clock.Advance(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_kind_the_account_may_not_list_is_reported_and_the_others_still_sync()
    {
        await using var sim = await SimulatedClusterFixture.StartAsync();
        sim.Load([TestRollouts.Ladder("shop", "checkout", 1, Weights)]);
        sim.Cluster.Access.Forbid("list", "pods");

        await sim.StartWatchAsync();

        Assert.NotNull(sim.Watch.Get(new RolloutKey("shop", "checkout")));
        var status = sim.Watch.Status;
        Assert.False(status.Connected);
        Assert.Contains("cannot list pods", status.LastError);
        Assert.Contains("403", status.LastError);

        sim.Cluster.Access.AllowAll();
        await Wait.UntilAsync(() => sim.Watch.Status.Connected, "the state to clear once pods may be listed");
    }
}

public class SnapshotSubscriberTests
{
    [Fact]
    public async Task A_throwing_subscriber_neither_stops_the_others_nor_the_watch()
    {
        await using var sim = await SimulatedClusterFixture.StartAsync();
        sim.Load([TestRollouts.Ladder("shop", "checkout", 1, [1, 2, 5])]);
        await sim.StartWatchAsync();
        var seen = new List<string>();
        sim.Watch.Changed += _ => throw new InvalidOperationException("a broken page");
        sim.Watch.Changed += change => { lock (seen) seen.AddRange(change.Updated.Select(s => s.Step ?? "")); };

        sim.Cluster.Store.Update(ResourceCatalog.Rollouts, "shop", "checkout", r => { r["status"]!["currentStepIndex"] = 3; return r; });
        sim.Cluster.Store.Update(ResourceCatalog.Rollouts, "shop", "checkout", r => { r["status"]!["currentStepIndex"] = 5; return r; });

        await Wait.UntilAsync(() => { lock (seen) return seen.Contains("5/6"); }, "the second change to reach the healthy subscriber");
        Assert.Contains("3/6", seen);
        Assert.Equal(0, sim.Watch.Status.Reconnects);
    }
}
