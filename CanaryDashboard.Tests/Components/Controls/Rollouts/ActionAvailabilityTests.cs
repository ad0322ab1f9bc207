using CanaryDashboard.Components.Controls.Rollouts;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Kubernetes.Snapshots;
using static CanaryDashboard.Tests.Components.RolloutTestData;

namespace CanaryDashboard.Tests.Components.Controls.Rollouts;

/// <summary>Which buttons apply in which state, and the patch the confirmation shows for each.</summary>
public sealed class ActionAvailabilityTests
{
    public static TheoryData<string, string[]> EnabledByState => new()
    {
        { "paused at a step", ["Abort", "Promote", "PromoteFull", "Pause", "Advance"] },
        { "progressing", ["Abort", "PromoteFull", "Pause", "Advance"] },
        { "manually paused", ["Abort", "Promote", "PromoteFull", "Resume"] },   // Argo does not scale a paused rollout: no advance
        { "aborted", ["Retry"] },
        { "healthy", [] },
    };

    [Theory]
    [MemberData(nameof(EnabledByState))]
    public void Only_the_actions_that_apply_are_enabled(string state, string[] enabled)
    {
        var snapshot = Snapshot(state);

        var actual = ActionAvailability.Order.Where(a => ActionAvailability.For(snapshot, a).Enabled).Select(a => a.ToString()).ToArray();

        Assert.Equal(enabled, actual);
        Assert.All(ActionAvailability.Order.Select(a => ActionAvailability.For(snapshot, a)).Where(s => !s.Enabled),
            s => Assert.False(string.IsNullOrWhiteSpace(s.DisabledReason)));
    }

    [Fact]
    public void Reasons_say_why_in_words()
    {
        Assert.Equal("retry applies to an aborted rollout; this one is not aborted", ActionAvailability.For(Paused(), RolloutAction.Retry).DisabledReason);
        Assert.Equal("promote applies to a paused rollout; this one is Progressing", ActionAvailability.For(Progressing(), RolloutAction.Promote).DisabledReason);
        Assert.Equal("already aborted", ActionAvailability.For(Aborted(), RolloutAction.Abort).DisabledReason);
        Assert.Equal("no rung ahead of the current step", ActionAvailability.For(Paused(rungIndex: 7), RolloutAction.Advance).DisabledReason);
        Assert.Equal("paused by a person (spec.paused): Argo does not scale a paused rollout; resume it first",
            ActionAvailability.For(Snapshot("manually paused"), RolloutAction.Advance).DisabledReason);
        var inconclusive = Paused() with { PauseConditions = [new PauseConditionInfo("InconclusiveAnalysisRun", null)] };
        Assert.Equal("paused on an inconclusive result (InconclusiveAnalysisRun): promote it past the analysis or abort it",
            ActionAvailability.For(inconclusive, RolloutAction.Advance).DisabledReason);
    }

    [Fact]
    public void Planning_an_advance_over_several_rungs_warns_and_names_the_step_and_revision_it_was_confirmed_on()
    {
        var snapshot = Paused();   // after rung 20 (step 9)
        RolloutActionRequest To(int step) => new(snapshot.Key, RolloutAction.Advance, step, snapshot.CurrentStepIndex, snapshot.CanaryPodHash);

        Assert.Null(PlannedAction.From(snapshot, To(10)).Warning);
        Assert.Equal("skips 1 rung: 35 (step 10). The canary goes from setWeight 20 to 50 without being judged in between, " +
                     "and until its ReplicaSet has the replicas for 50 Argo routes it setWeight 35 on the pods it has now",
            PlannedAction.From(snapshot, To(12)).Warning);
        // A revision replaced since the page was drawn: nothing would be sent, and the dialog says why.
        var replaced = PlannedAction.From(snapshot with { CanaryPodHash = "v3hash" }, To(10));
        Assert.Empty(replaced.Patches);
        Assert.StartsWith("a new revision (pod hash v3hash) replaced v2hash", replaced.NothingToSend);
    }

    [Fact]
    public void Nothing_applies_to_a_rollout_the_cluster_has_not_listed() =>
        Assert.All(ActionAvailability.Order, a => Assert.False(ActionAvailability.For(null, a).Enabled));

    [Theory]
    [InlineData(RolloutAction.Abort, null, """rollouts/status {"status":{"abort":true}}""", "kubectl argo rollouts abort checkout -n shop")]
    [InlineData(RolloutAction.Promote, null, """rollouts/status {"status":{"pauseConditions":null}}""", "kubectl argo rollouts promote checkout -n shop")]
    [InlineData(RolloutAction.PromoteFull, null, """rollouts/status {"status":{"promoteFull":true}}""", "kubectl argo rollouts promote checkout -n shop --full")]
    [InlineData(RolloutAction.Pause, null, """rollouts {"spec":{"paused":true}}""", "kubectl argo rollouts pause checkout -n shop")]
    [InlineData(RolloutAction.Advance, 12, """rollouts/status {"status":{"pauseConditions":null,"currentStepIndex":12}}""",
        """kubectl patch rollout checkout -n shop --subresource=status --type=merge -p '{"status":{"pauseConditions":null,"currentStepIndex":12}}'""")]
    public void The_planned_patch_of_a_paused_rollout_is_argos(RolloutAction action, int? target, string patch, string command)
    {
        var planned = PlannedAction.From(Paused(), new RolloutActionRequest(new("shop", "checkout"), action, target));

        Assert.Equal(patch, string.Join(" + ", planned.Patches.Select(p => $"{p.Resource} {p.Body}")));
        Assert.Equal(command, planned.KubectlCommand);
        Assert.Null(planned.NothingToSend);
    }

    [Fact]
    public void Retry_of_an_aborted_rollout_and_resume_of_a_manual_pause()
    {
        var retry = PlannedAction.From(Aborted(), new RolloutActionRequest(new("shop", "checkout"), RolloutAction.Retry));
        var resume = PlannedAction.From(ManuallyPaused(), new RolloutActionRequest(new("shop", "checkout"), RolloutAction.Resume));

        Assert.Equal("""{"status":{"abort":false}}""", Assert.Single(retry.Patches).Body);
        Assert.Equal("kubectl argo rollouts retry rollout checkout -n shop", retry.KubectlCommand);
        Assert.Equal("""{"spec":{"paused":false}}""", Assert.Single(resume.Patches).Body);
    }

    [Fact]
    public void Promote_of_a_manually_paused_step_also_unpauses_the_spec()
    {
        var planned = PlannedAction.From(Paused() with { Paused = true }, new RolloutActionRequest(new("shop", "checkout"), RolloutAction.Promote));

        Assert.Equal(["""{"status":{"pauseConditions":null}}""", """{"spec":{"paused":false}}"""], planned.Patches.Select(p => p.Body));
    }

    private static RolloutSnapshot Snapshot(string state) => state switch
    {
        "paused at a step" => Paused(),
        "progressing" => Progressing(),
        "manually paused" => ManuallyPaused(),
        "aborted" => Aborted(),
        _ => Healthy(),
    };
}
