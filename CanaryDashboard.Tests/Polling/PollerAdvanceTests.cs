using System.Text.Json.Nodes;
using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Model;
using CanaryDashboard.Polling;
using CanaryDashboard.Polling.Decisions;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Workload;
using Microsoft.EntityFrameworkCore;
using static CanaryDashboard.Tests.Polling.PollerHarness;

namespace CanaryDashboard.Tests.Polling;

/// <summary>
/// Safe advancing through the simulated cluster over HTTP: one rung per advance, only once the canary
/// ReplicaSet has its replicas and the rung its minimum time, and re-checked on a fresh read (a
/// person's pause refuses it, recorded in the decision and the audit). A canary pod that is not ready
/// is a pod loaded into the canary ReplicaSet with <c>Ready: False</c>: the simulated controller keeps it
/// so (its setWeight step waits, as Argo's AtDesiredReplicaCountsForCanary makes it) until the test flips it.
/// </summary>
public sealed class PollerAdvanceTests
{
    private const string Ns = "poll-tests";
    private static readonly RolloutSettings Auto = RolloutSettings.Default with { Policy = RolloutPolicy.Auto };

    /// <summary>A poll at the very instant its evidence window starts: no requests since.</summary>
    private const string NoRequestsYet =
        "not enough evidence yet (p99 unknown: delta unknown [−100 %, ∞] at 95 %, 0 requests (too few canary requests (0 of 50)); " +
        "errors: no evidence (too few canary requests (0 of 50))) → hold";

    [Fact]
    public async Task An_advance_moves_one_rung_and_waits_for_the_scaled_canary()
    {
        await using var h = await StartAsync([Rollout("stepper", TrafficScenario.Healthy, 20)],
            new() { ["Engine:LatencyDecay"] = "2", ["Polling:MinTimeAtRung"] = "00:00:30" });
        await h.SetSettingsAsync("stepper", Auto);
        var stuck = ReplaceACanaryPodWithAnUnreadyOne(h, "stepper");

        // Paused after rung 20 (step 9), one of its 2 canary pods not ready: Argo would route the previous weight.
        await h.ReconcileUntilAsync("stepper", s => s.CanaryReplicas is { Desired: 2, Available: 1, AtDesired: false }, "the canary short of a pod");
        // While short, the evidence window starts at the first sight of the step (the first poll): that poll has no
        // requests yet; from the next (5 s, 10,000 canary requests at 20 %) the evidence is within and the replicas hold it.
        var short1 = await h.CyclesAsync(3);
        Assert.Equal(NoRequestsYet, short1[0].Polled[0].Decision.Rule);
        Assert.All(short1.Skip(1), r => Assert.Equal(
            "the canary ReplicaSet has 1 of 2 available replicas for its step (Argo's AtDesiredReplicaCountsForCanary): " +
            "Argo routes the previous weight until it has them → hold", r.Polled[0].Decision.Rule));
        Assert.Empty(h.Patches("stepper"));

        // Scaled again: the rung's 30 s, and its evidence window, start at the first poll that sees it so (clock +20 s).
        // That poll has no requests since; the streak starts with the next (5 s) and has its N = 3 polls at 15 s.
        SetReady(h, stuck, true);
        await h.ReconcileUntilAsync("stepper", s => s.CanaryReplicas is { AtDesired: true }, "the canary scaled");
        var climbing = await h.CyclesAsync(7);
        var rules = climbing.Select(r => r.Polled[0].Decision.Rule).ToList();
        Assert.Equal(NoRequestsYet, rules[0]);
        Assert.EndsWith("allows rung 35: holding, 1 of 3 polls", rules[1]);
        Assert.EndsWith("allows rung 35: holding, 2 of 3 polls", rules[2]);
        Assert.EndsWith("allows rung 35 for 3 of 3 polls, but 15 s at rung 20 of the 30 s minimum → hold", rules[3]);
        Assert.EndsWith("allows rung 35 for 3 of 3 polls, but 25 s at rung 20 of the 30 s minimum → hold", rules[5]);
        Assert.EndsWith("allows rung 35 for 3 of 3 polls, 30 s at rung 20 → advance to step 10", rules[6]);
        var first = Assert.Single(h.Patches("stepper"));
        Assert.Equal("10", CanaryPollerTests.AdvanceBody.Match(first.Body!).Groups["step"].Value);   // one rung: 35, not the 75 the safe weight allows

        // Argo scales the canary for 35 % (4 pods); the unready one keeps it at 3: the setWeight step waits, nothing is sent.
        SetReady(h, stuck, false);
        var scaling = await h.ReconcileUntilAsync("stepper",
            s => s.CurrentStepIndex == 10 && s.CanaryReplicas is { Desired: 4, Available: 3 }, "the canary scaling for rung 35");
        Assert.Empty(scaling.PauseConditions);
        var waiting = await h.CyclesAsync(4);
        Assert.Equal(NoRequestsYet, waiting[0].Polled[0].Decision.Rule);   // a new step: its window starts at this poll
        Assert.All(waiting.Skip(1), r => Assert.StartsWith("the canary ReplicaSet has 3 of 4 available replicas", r.Polled[0].Decision.Rule));
        Assert.Single(h.Patches("stepper"));

        // Scaled: Argo pauses after rung 35 (its pause start is the rung's start); 30 s and 3 polls later, the next rung.
        SetReady(h, stuck, true);
        var at35 = await h.ReconcileUntilAsync("stepper", s => s.CurrentStepIndex == 11 && s.PauseConditions.Count > 0, "paused after rung 35");
        Assert.Equal(35, at35.SetWeightPercent);
        var next = await h.CyclesAsync(6);
        Assert.All(next.Take(5), r => Assert.Equal(PollAction.Hold, r.Polled[0].Decision.Action));
        Assert.EndsWith("allows rung 50 for 3 of 3 polls, 30 s at rung 35 → advance to step 12", next[5].Polled[0].Decision.Rule);
        Assert.Equal(2, h.Patches("stepper").Count);
        Assert.Equal("12", CanaryPollerTests.AdvanceBody.Match(h.Patches("stepper")[1].Body!).Groups["step"].Value);

        await using var db = await h.DatabaseAsync();
        var audit = await db.AuditLog.OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["advance", "advance"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal((CanaryPoller.User, "succeeded"), (a.User, a.Outcome)));
        Assert.All(audit, a => Assert.Matches(CanaryPollerTests.AdvanceBody, a.PatchBody!));
    }

    [Fact]
    public async Task An_advance_refused_on_the_fresh_read_is_recorded_in_the_decision_and_the_audit()
    {
        await using var h = await StartAsync([Rollout("paused-meanwhile", TrafficScenario.Healthy, 20)], new() { ["Engine:LatencyDecay"] = "2" });
        await h.SetSettingsAsync("paused-meanwhile", Auto with { PollsToAdvance = 1 });
        h.Clock.Advance(TimeSpan.FromMinutes(2));
        // A person pauses the rollout after the loop's snapshot, just before its fresh read.
        var rolloutPath = $"/apis/argoproj.io/v1alpha1/namespaces/{Ns}/rollouts/paused-meanwhile";
        h.Kube.Faults.Rule = request =>
        {
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath == rolloutPath)
                h.Kube.Cluster.Store.Update(ResourceCatalog.Rollouts, Ns, "paused-meanwhile", r => { r["spec"]!["paused"] = true; return r; });
            return null;
        };

        var report = await h.CycleAsync();

        var polled = Assert.Single(report.Polled);
        Assert.Equal(PollAction.Advance, polled.Decision.Action);
        Assert.Equal(ActionResult.Refused, polled.Outcome!.Result);
        const string why = "the rollout is paused by a person (spec.paused: true): Argo does not scale a paused rollout, " +
                           "so the canary could not reach the rung's replicas; resume it first";
        Assert.Equal(why, polled.Outcome.Message);
        Assert.Empty(h.Patches("paused-meanwhile"));
        Assert.Equal("refused on the fresh read: " + why, h.Live.Get(Key("paused-meanwhile"))!.LastDecision!.Outcome);

        // The next poll sees the pause itself and holds.
        h.Kube.Faults.Rule = null;
        await h.ReconcileUntilAsync("paused-meanwhile", s => s.Paused, "the pause in the watch");
        var held = await h.CycleAsync();
        Assert.EndsWith("but the rollout is paused by a person (spec.paused): Argo does not scale it until it is resumed → hold", held.Polled[0].Decision.Rule);

        await using var db = await h.DatabaseAsync();
        var decision = await db.Decisions.SingleAsync(d => d.Action == DecisionAction.Advance);
        Assert.False(decision.PatchSucceeded);
        Assert.Equal("Refused: " + why, decision.PatchOutcome);
        var audit = await db.AuditLog.SingleAsync();
        Assert.Equal((CanaryPoller.User, "advance", "refused", why), (audit.User, audit.Action, audit.Outcome, audit.Error));
    }

    /// <summary>Deletes one of the canary ReplicaSet's pods and loads one in its place whose Ready condition is False.</summary>
    private static string ReplaceACanaryPodWithAnUnreadyOne(PollerHarness h, string name)
    {
        var store = h.Kube.Cluster.Store;
        var rollout = store.GetRequired(ResourceCatalog.Rollouts, Ns, name);
        var hash = (string)rollout["status"]!["currentPodHash"]!;
        var replicaSet = store.OwnedBy(ResourceCatalog.ReplicaSets, (string?)rollout["metadata"]!["uid"])
            .Single(rs => (string?)rs["metadata"]!["labels"]!["rollouts-pod-template-hash"] == hash);
        var pod = store.OwnedBy(ResourceCatalog.Pods, (string?)replicaSet["metadata"]!["uid"]).First();
        store.Delete(ResourceCatalog.Pods, Ns, (string)pod["metadata"]!["name"]!);
        var stuck = $"{name}-{hash}-stuck";
        store.Load(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = stuck,
                ["namespace"] = Ns,
                ["labels"] = pod["metadata"]!["labels"]!.DeepClone(),
                ["ownerReferences"] = pod["metadata"]!["ownerReferences"]!.DeepClone(),
            },
            ["spec"] = pod["spec"]!.DeepClone(),
            ["status"] = Status(ready: false),
        });
        return stuck;
    }

    private static void SetReady(PollerHarness h, string pod, bool ready) =>
        h.Kube.Cluster.Store.Update(ResourceCatalog.Pods, Ns, pod, p =>
        {
            p["status"] = Status(ready);
            return p;
        });

    private static JsonObject Status(bool ready) => new()
    {
        ["phase"] = "Running",
        ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
    };
}
