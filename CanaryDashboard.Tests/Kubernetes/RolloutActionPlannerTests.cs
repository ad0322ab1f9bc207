using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Model;
using CanaryDashboard.Tests.Kubernetes.Fixtures;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>The patches of each action, decided from the rollout as read (DESIGN §4, Argo's kubectl plugin).</summary>
public class RolloutActionPlannerTests
{
    private static readonly int[] Weights = [1, 2, 5, 10, 20, 35, 50, 75];
    private static readonly RolloutKey Key = new("shop", "checkout");

    private static ActionPlan Plan(RolloutAction action, JsonObject rollout, int? target = null, int? expected = null) =>
        RolloutActionPlanner.Plan(new RolloutActionRequest(Key, action, target, expected), JsonSerializer.SerializeToElement(rollout));

    private static (bool OnStatus, string Body)[] Patches(ActionPlan plan) => plan.Patches.Select(p => (p.OnStatus, p.Body)).ToArray();

    [Fact]
    public void Abort_patches_status_and_is_a_no_op_when_already_aborted()
    {
        Assert.Equal([(true, """{"status":{"abort":true}}""")], Patches(Plan(RolloutAction.Abort, TestRollouts.Ladder("shop", "checkout", 3, Weights))));
        Assert.Equal(ActionResult.NoChange, Plan(RolloutAction.Abort, TestRollouts.Ladder("shop", "checkout", 3, Weights, aborted: true)).Verdict);
    }

    [Fact]
    public void Retry_clears_abort_on_status_only_when_aborted()
    {
        Assert.Equal([(true, """{"status":{"abort":false}}""")], Patches(Plan(RolloutAction.Retry, TestRollouts.Ladder("shop", "checkout", 3, Weights, aborted: true))));
        Assert.Equal(ActionResult.NoChange, Plan(RolloutAction.Retry, TestRollouts.Ladder("shop", "checkout", 3, Weights)).Verdict);
    }

    [Fact]
    public void Promote_on_a_canary_pause_step_clears_the_pause_conditions()
    {
        var plan = Plan(RolloutAction.Promote, TestRollouts.Ladder("shop", "checkout", 3, Weights));

        Assert.Equal([(true, """{"status":{"pauseConditions":null}}""")], Patches(plan));
    }

    [Fact]
    public void Promote_of_a_manually_paused_rollout_also_unpauses_the_spec_after_the_status()
    {
        var plan = Plan(RolloutAction.Promote, TestRollouts.Ladder("shop", "checkout", 3, Weights, paused: true));

        Assert.Equal([(true, """{"status":{"pauseConditions":null}}"""), (false, """{"spec":{"paused":false}}""")], Patches(plan));
    }

    [Fact]
    public void Promote_without_pause_conditions_moves_to_the_next_step()
    {
        var plan = Plan(RolloutAction.Promote, TestRollouts.Ladder("shop", "checkout", 4, Weights));

        Assert.Equal([(true, """{"status":{"pauseConditions":null,"currentStepIndex":5}}""")], Patches(plan));
    }

    [Fact]
    public void Promote_past_the_last_step_stays_at_the_end()
    {
        var rollout = TestRollouts.Ladder("shop", "checkout", 16, Weights);

        Assert.Equal([(true, """{"status":{"pauseConditions":null,"currentStepIndex":16}}""")], Patches(Plan(RolloutAction.Promote, rollout)));
    }

    [Fact]
    public void Promote_of_an_inconclusive_analysis_also_lifts_the_controller_pause()
    {
        var rollout = TestRollouts.Ladder("shop", "checkout", 3, Weights);
        rollout["status"]!["pauseConditions"] = new JsonArray(new JsonObject { ["reason"] = "InconclusiveAnalysisRun" });
        rollout["status"]!["canary"]!["currentStepAnalysisRunStatus"] = new JsonObject { ["name"] = "run", ["status"] = "Inconclusive" };

        Assert.Equal([(true, """{"status":{"pauseConditions":null,"controllerPause":false,"currentStepIndex":4}}""")],
            Patches(Plan(RolloutAction.Promote, rollout)));
    }

    [Fact]
    public void Promote_with_an_expected_step_is_idempotent()
    {
        var rollout = TestRollouts.Ladder("shop", "checkout", 4, Weights);

        Assert.Equal(ActionResult.NoChange, Plan(RolloutAction.Promote, rollout, expected: 3).Verdict);
        Assert.Single(Plan(RolloutAction.Promote, rollout, expected: 4).Patches);
    }

    [Fact]
    public void Promote_full_sets_promote_full_while_the_canary_differs_from_stable()
    {
        var rollout = TestRollouts.Ladder("shop", "checkout", 3, Weights, paused: true);

        Assert.Equal([(true, """{"status":{"promoteFull":true}}"""), (false, """{"spec":{"paused":false}}""")],
            Patches(Plan(RolloutAction.PromoteFull, rollout)));

        rollout["spec"]!["paused"] = false;
        rollout["status"]!["stableRS"] = TestRollouts.CanaryHash;
        Assert.Equal(ActionResult.NoChange, Plan(RolloutAction.PromoteFull, rollout).Verdict);
    }

    [Fact]
    public void Pause_and_resume_patch_the_spec_of_the_main_resource()
    {
        Assert.Equal([(false, """{"spec":{"paused":true}}""")], Patches(Plan(RolloutAction.Pause, TestRollouts.Ladder("shop", "checkout", 3, Weights))));
        Assert.Equal([(false, """{"spec":{"paused":false}}""")], Patches(Plan(RolloutAction.Resume, TestRollouts.Ladder("shop", "checkout", 3, Weights, paused: true))));
        Assert.Equal(ActionResult.NoChange, Plan(RolloutAction.Pause, TestRollouts.Ladder("shop", "checkout", 3, Weights, paused: true)).Verdict);
        Assert.Equal(ActionResult.NoChange, Plan(RolloutAction.Resume, TestRollouts.Ladder("shop", "checkout", 3, Weights)).Verdict);
    }

    [Fact]
    public void Advance_jumps_forward_to_the_rung_on_the_status_subresource()
    {
        var plan = Plan(RolloutAction.Advance, TestRollouts.Ladder("shop", "checkout", 1, Weights), target: 8);

        Assert.Equal([(true, """{"status":{"pauseConditions":null,"currentStepIndex":8}}""")], Patches(plan));
    }

    [Theory]
    [InlineData(5, 2, ActionResult.Refused)]   // backwards
    [InlineData(4, 4, ActionResult.NoChange)]  // already there
    [InlineData(1, 3, ActionResult.Refused)]   // a pause step is not a rung
    [InlineData(1, 16, ActionResult.Refused)]  // past the last step
    [InlineData(1, -1, ActionResult.Refused)]
    public void Advance_never_moves_backwards_nor_off_the_ladder(int current, int target, ActionResult verdict)
    {
        var plan = Plan(RolloutAction.Advance, TestRollouts.Ladder("shop", "checkout", current, Weights), target: target);

        Assert.Equal(verdict, plan.Verdict);
        Assert.Empty(plan.Patches);
        Assert.False(string.IsNullOrEmpty(plan.Reason));
    }

    [Fact]
    public void Advance_refuses_an_aborted_rollout_and_a_blue_green_one()
    {
        Assert.Equal(ActionResult.Refused, Plan(RolloutAction.Advance, TestRollouts.Ladder("shop", "checkout", 1, Weights, aborted: true), target: 4).Verdict);
        var blueGreen = OwnFixtures.Set.LoadFolder("bluegreen-paused").Select(x => x.Object).Single(o => (string?)o["kind"] == "Rollout");
        Assert.Equal(ActionResult.Refused, Plan(RolloutAction.Advance, blueGreen, target: 0).Verdict);
    }

    private static ActionPlan Advance(JsonObject rollout, int target, int? expectedStep = null, string? expectedHash = null) =>
        RolloutActionPlanner.Plan(new RolloutActionRequest(Key, RolloutAction.Advance, target, expectedStep, expectedHash),
            JsonSerializer.SerializeToElement(rollout));

    [Fact]
    public void Advance_carries_the_resourceVersion_it_was_planned_on_and_no_warning_for_the_next_rung()
    {
        var rollout = TestRollouts.Ladder("shop", "checkout", 1, Weights);
        rollout["metadata"]!["resourceVersion"] = "41";

        var plan = Advance(rollout, 2, expectedStep: 1, expectedHash: TestRollouts.CanaryHash);

        Assert.Equal([(true, """{"metadata":{"resourceVersion":"41"},"status":{"pauseConditions":null,"currentStepIndex":2}}""")], Patches(plan));
        Assert.Null(plan.Warning);
    }

    [Fact]
    public void Advance_is_refused_on_the_fresh_read_when_a_person_paused_the_rollout()
    {
        var plan = Advance(TestRollouts.Ladder("shop", "checkout", 3, Weights, paused: true), 4);

        Assert.Equal(ActionResult.Refused, plan.Verdict);
        Assert.Empty(plan.Patches);
        Assert.Equal("the rollout is paused by a person (spec.paused: true): Argo does not scale a paused rollout, " +
                     "so the canary could not reach the rung's replicas; resume it first", plan.Reason);
    }

    [Theory]
    [InlineData("InconclusiveAnalysisRun")]
    [InlineData("InconclusiveExperiment")]
    public void Advance_is_refused_on_an_inconclusive_pause(string reason)
    {
        var rollout = TestRollouts.Ladder("shop", "checkout", 3, Weights);
        rollout["status"]!["pauseConditions"] = new JsonArray(new JsonObject { ["reason"] = reason, ["startTime"] = "2026-11-26T10:00:00Z" });

        var plan = Advance(rollout, 4);

        Assert.Equal(ActionResult.Refused, plan.Verdict);
        Assert.Equal($"Argo paused the rollout on an inconclusive result ({reason}): promote it past the analysis or abort it; " +
                     "an advance would step over that judgement", plan.Reason);
    }

    [Fact]
    public void Advance_and_promote_full_are_refused_for_a_revision_that_was_replaced()
    {
        var rollout = TestRollouts.Ladder("shop", "checkout", 3, Weights);

        var advance = Advance(rollout, 4, expectedStep: 3, expectedHash: "old0hash0");
        var full = RolloutActionPlanner.Plan(new RolloutActionRequest(Key, RolloutAction.PromoteFull, ExpectedPodHash: "old0hash0"),
            JsonSerializer.SerializeToElement(rollout));

        var why = $"a new revision (pod hash {TestRollouts.CanaryHash}) replaced old0hash0 since the action was decided: " +
                  "a revision is never moved on another revision's evidence";
        Assert.Equal((ActionResult.Refused, why), (advance.Verdict!.Value, advance.Reason));
        Assert.Equal((ActionResult.Refused, why), (full.Verdict!.Value, full.Reason));
        Assert.Null(Advance(rollout, 4, expectedStep: 3, expectedHash: TestRollouts.CanaryHash).Verdict);
    }

    [Fact]
    public void Advance_is_refused_when_the_rollout_left_the_step_it_was_decided_on()
    {
        var rollout = TestRollouts.Ladder("shop", "checkout", 3, Weights);

        var moved = Advance(rollout, 4, expectedStep: 1);

        Assert.Equal(ActionResult.Refused, moved.Verdict);
        Assert.Equal("the rollout moved from step 1 to step 3 since the advance was decided: decide again on what it shows now", moved.Reason);
        // Already where it was asked to go (a second click, or the loop's patch applied): nothing to do.
        Assert.Equal(ActionResult.NoChange, Advance(TestRollouts.Ladder("shop", "checkout", 4, Weights), 4, expectedStep: 3).Verdict);
    }

    [Fact]
    public void Advance_over_several_rungs_is_sent_with_a_warning()
    {
        var plan = Advance(TestRollouts.Ladder("shop", "checkout", 1, Weights), 8);

        Assert.Equal([(true, """{"status":{"pauseConditions":null,"currentStepIndex":8}}""")], Patches(plan));
        Assert.Equal("skips 3 rungs: 2 (step 2), 5 (step 4), 10 (step 6). The canary goes from setWeight 1 to 20 without being judged in between, " +
                     "and until its ReplicaSet has the replicas for 20 Argo routes it setWeight 10 on the pods it has now", plan.Warning);
    }

    [Fact]
    public void Blue_green_promote_clears_its_pause_condition_and_nothing_else()
    {
        var blueGreen = OwnFixtures.Set.LoadFolder("bluegreen-paused").Select(x => x.Object).Single(o => (string?)o["kind"] == "Rollout");

        Assert.Equal([(true, """{"status":{"pauseConditions":null}}""")], Patches(Plan(RolloutAction.Promote, blueGreen)));
    }

    [Theory]
    [InlineData(RolloutAction.Abort, null, "kubectl argo rollouts abort checkout -n shop")]
    [InlineData(RolloutAction.Retry, null, "kubectl argo rollouts retry rollout checkout -n shop")]
    [InlineData(RolloutAction.Promote, null, "kubectl argo rollouts promote checkout -n shop")]
    [InlineData(RolloutAction.PromoteFull, null, "kubectl argo rollouts promote checkout -n shop --full")]
    [InlineData(RolloutAction.Pause, null, "kubectl argo rollouts pause checkout -n shop")]
    [InlineData(RolloutAction.Resume, null, """kubectl patch rollout checkout -n shop --type=merge -p '{"spec":{"paused":false}}'""")]
    [InlineData(RolloutAction.Advance, 6, """kubectl patch rollout checkout -n shop --subresource=status --type=merge -p '{"status":{"pauseConditions":null,"currentStepIndex":6}}'""")]
    public void Each_action_has_its_kubectl_command_line(RolloutAction action, int? target, string command)
    {
        Assert.Equal(command, KubectlCommands.For(new RolloutActionRequest(Key, action, target)));
    }
}
