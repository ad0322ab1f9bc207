using System.Globalization;
using System.Text.Json.Nodes;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>
/// The advance is re-checked at the fresh read, through KubernetesClient against the simulated API
/// server: the patch carries the read's <c>metadata.resourceVersion</c>, so a change that lands between
/// the read and the patch makes the server itself answer 409 Conflict; the action reads again, plans
/// again (expected step and pod hash checked again) and sends, refuses, or reports the conflict.
/// The concurrent change is written into the store just before the PATCH leaves the client.
/// </summary>
public class AdvanceRecheckThroughClusterTests : IAsyncLifetime
{
    private static readonly int[] Weights = [1, 2, 5, 10, 20, 35, 50, 75];
    private static readonly RolloutKey Key = new("shop", "checkout");
    private SimulatedClusterFixture _sim = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatedClusterFixture.StartAsync();
        _sim.Load([TestRollouts.Ladder("shop", "checkout", 1, Weights)]);   // paused after rung 1
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private JsonObject Stored() => _sim.Cluster.Store.Get(ResourceCatalog.Rollouts, "shop", "checkout")!;

    private string Version() => (string)Stored()["metadata"]!["resourceVersion"]!;

    /// <summary>Before the first <paramref name="patches"/> PATCH requests leave the client, <paramref name="change"/> is written to the stored rollout.</summary>
    private void ChangeBeforePatch(Action<JsonObject> change, int patches = 1)
    {
        var seen = 0;
        _sim.Faults.Rule = request =>
        {
            if (request.Method == HttpMethod.Patch && Interlocked.Increment(ref seen) <= patches)
                _sim.Cluster.Store.Update(ResourceCatalog.Rollouts, "shop", "checkout", r => { change(r); return r; });
            return null;   // the simulated API server answers, with its own 409
        };
    }

    private static void OneReplicaLess(JsonObject rollout) =>
        rollout["status"]!["readyReplicas"] = (int)rollout["status"]!["readyReplicas"]! - 1;

    private Task<ActionOutcome> AdvanceToRung2() =>
        _sim.Actions.ExecuteAsync(new RolloutActionRequest(Key, RolloutAction.Advance, 2, ExpectedStepIndex: 1, ExpectedPodHash: TestRollouts.CanaryHash));

    [Fact]
    public async Task A_change_after_the_read_makes_the_patch_a_409_and_it_is_sent_again_from_a_fresh_read()
    {
        var before = Version();
        ChangeBeforePatch(OneReplicaLess);   // the controller wrote the status meanwhile

        var outcome = await AdvanceToRung2();

        Assert.Equal(ActionResult.Succeeded, outcome.Result);
        Assert.Equal(2, outcome.Attempts);
        Assert.Equal([409, 200], outcome.Sent.Select(s => s.StatusCode));
        var after = (long.Parse(before, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(
            [
                $$$"""{"metadata":{"resourceVersion":"{{{before}}}"},"status":{"pauseConditions":null,"currentStepIndex":2}}""",
                $$$"""{"metadata":{"resourceVersion":"{{{after}}}"},"status":{"pauseConditions":null,"currentStepIndex":2}}""",
            ], outcome.Sent.Select(s => s.Body));
        Assert.Equal(2, (int?)Stored()["status"]!["currentStepIndex"]);
        Assert.Null(outcome.Warning);   // the next rung skips nothing
    }

    [Fact]
    public async Task A_new_revision_that_lands_during_the_advance_refuses_it()
    {
        ChangeBeforePatch(r =>
        {
            r["status"]!["currentPodHash"] = "9d8e7f6a5b";   // a new revision, back at step 0
            r["status"]!["currentStepIndex"] = 0;
        });

        var outcome = await AdvanceToRung2();

        Assert.Equal(ActionResult.Refused, outcome.Result);
        Assert.Equal([409], outcome.Sent.Select(s => s.StatusCode));
        Assert.Equal($"a new revision (pod hash 9d8e7f6a5b) replaced {TestRollouts.CanaryHash} since the action was decided: " +
                     "a revision is never moved on another revision's evidence", outcome.Message);
        Assert.Equal(0, (int?)Stored()["status"]!["currentStepIndex"]);
    }

    [Fact]
    public async Task A_person_pausing_during_the_advance_refuses_it()
    {
        ChangeBeforePatch(r => r["spec"]!["paused"] = true);

        var outcome = await AdvanceToRung2();

        Assert.Equal(ActionResult.Refused, outcome.Result);
        Assert.StartsWith("the rollout is paused by a person (spec.paused: true)", outcome.Message);
        Assert.Equal(1, (int?)Stored()["status"]!["currentStepIndex"]);
    }

    [Fact]
    public async Task A_rollout_that_keeps_changing_is_reported_as_a_conflict_after_the_bounded_retries()
    {
        ChangeBeforePatch(OneReplicaLess, patches: int.MaxValue);

        var outcome = await AdvanceToRung2();

        Assert.Equal(ActionResult.Conflict, outcome.Result);
        Assert.Equal(RolloutActions.MaxAttempts, outcome.Attempts);
        Assert.Equal([409, 409, 409], outcome.Sent.Select(s => s.StatusCode));
        Assert.StartsWith("the rollout kept changing: 409 Conflict on each of 3 tries, each from a fresh read", outcome.Message);
        Assert.Equal(1, (int?)Stored()["status"]!["currentStepIndex"]);
    }
}
