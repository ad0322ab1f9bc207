using System.Text.Json.Nodes;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>
/// Action → API server → simulated Argo controller → the adapter's watch → snapshot: the status a
/// person sees after each action. The controller is reconciled by hand (no clock, no sleeps).
/// </summary>
public class ActionsWithSimulatedControllerTests : IAsyncLifetime
{
    private static readonly RolloutKey Key = new("shop", "checkout");
    private SimulatedClusterFixture _sim = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatedClusterFixture.StartAsync();
        var rollout = TestRollouts.Ladder("shop", "checkout", 0, [1, 2, 5, 10, 20, 35, 50, 75]);
        rollout.Remove("status");
        ((JsonObject)rollout["spec"]!)["template"]!["spec"]!["containers"]![0]!["image"] = "registry.local/app:v1";
        _sim.Cluster.Store.Create(ResourceCatalog.Rollouts, rollout);
        _sim.Cluster.Controller.ReconcileAll();          // first version: promoted at once
        _sim.Cluster.Store.Update(ResourceCatalog.Rollouts, "shop", "checkout", r =>
        {
            r["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "registry.local/app:v2";
            return r;
        });
        _sim.Cluster.Controller.ReconcileAll();          // setWeight 1, then the indefinite pause
        await _sim.StartWatchAsync();
        await SnapshotAsync(s => s.Step == "1/16" && s.Status == "Paused", "the rollout paused at step 1");
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private async Task<RolloutSnapshot> SnapshotAsync(Func<RolloutSnapshot, bool> condition, string what)
    {
        await Wait.UntilAsync(() => _sim.Watch.Get(Key) is { } s && condition(s), what);
        return _sim.Watch.Get(Key)!;
    }

    private async Task ActAsync(RolloutAction action, int? target = null)
    {
        var outcome = await _sim.Actions.ExecuteAsync(new RolloutActionRequest(Key, action, target));
        Assert.True(outcome.Result == ActionResult.Succeeded, $"{action}: {outcome.Result} {outcome.Message}");
        _sim.Cluster.Controller.ReconcileAll();
    }

    [Fact]
    public async Task The_watch_shows_the_controller_paused_on_the_first_rung()
    {
        var snapshot = _sim.Watch.Get(Key)!;

        Assert.Equal(("Paused", "CanaryPauseStep", "1", "1"), (snapshot.Status, snapshot.Message, snapshot.SetWeight, snapshot.ActualWeight));
        Assert.Equal("CanaryPauseStep", Assert.Single(snapshot.PauseConditions).Reason);
        Assert.Equal(new[] { "registry.local/app:v1", "registry.local/app:v2" }, snapshot.Images.Select(i => i.Image));
        Assert.Contains(snapshot.Images, i => i.Image == "registry.local/app:v2" && i.Tags.SequenceEqual(["canary"]));
        Assert.NotEqual(snapshot.CanaryPodHash, snapshot.StablePodHash);
        Assert.Equal("nginx", snapshot.TrafficRouting?.Kind);
    }

    [Fact]
    public async Task Promote_on_a_canary_pause_step_moves_to_the_next_rung()
    {
        await ActAsync(RolloutAction.Promote);

        var snapshot = await SnapshotAsync(s => s.Step == "3/16", "step 3");
        Assert.Equal(("Paused", "CanaryPauseStep", "2", "2"), (snapshot.Status, snapshot.Message, snapshot.SetWeight, snapshot.ActualWeight));
    }

    [Fact]
    public async Task Advance_to_a_rung_jumps_there()
    {
        await ActAsync(RolloutAction.Advance, 8);

        var snapshot = await SnapshotAsync(s => s.Step == "9/16", "the pause after rung 8");
        Assert.Equal(("20", "20", "Paused"), (snapshot.SetWeight, snapshot.ActualWeight, snapshot.Status));
    }

    [Fact]
    public async Task Abort_degrades_the_rollout_with_weight_zero_and_retry_starts_again()
    {
        await ActAsync(RolloutAction.Abort);

        var aborted = await SnapshotAsync(s => s.Status == "Degraded", "Degraded");
        Assert.StartsWith("RolloutAborted", aborted.Message);
        Assert.True(aborted.Aborted);
        Assert.Equal(("0", "0"), (aborted.SetWeight, aborted.ActualWeight));

        await ActAsync(RolloutAction.Retry);
        var retried = await SnapshotAsync(s => s.Status == "Paused" && !s.Aborted, "paused again after retry");
        Assert.Equal(("1/16", "1"), (retried.Step, retried.SetWeight));
    }

    [Fact]
    public async Task Pause_and_resume_show_a_manual_pause_then_the_step_pause()
    {
        await ActAsync(RolloutAction.Pause);
        var paused = await SnapshotAsync(s => s.Message == "manually paused", "manually paused");
        Assert.True(paused.Paused);

        await ActAsync(RolloutAction.Resume);
        var resumed = await SnapshotAsync(s => !s.Paused && s.Status == "Paused", "resumed and back on the step pause");
        Assert.Equal(("Paused", "CanaryPauseStep", "1/16"), (resumed.Status, resumed.Message, resumed.Step));
    }

    [Fact]
    public async Task Promote_full_makes_the_canary_stable()
    {
        await ActAsync(RolloutAction.PromoteFull);

        var snapshot = await SnapshotAsync(s => s.Status == "Healthy", "Healthy");
        Assert.Equal(snapshot.CanaryPodHash, snapshot.StablePodHash);
        Assert.Equal(("16/16", "100"), (snapshot.Step, snapshot.SetWeight));
    }
}
