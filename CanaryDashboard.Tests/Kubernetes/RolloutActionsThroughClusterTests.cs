using System.Text.Json.Nodes;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>
/// Each action through KubernetesClient against the simulated API server: the exact request on
/// the wire (verb, path with or without /status, content type, body), what the server stored,
/// and how 403, 404, 409 and a silent API server are reported.
/// </summary>
public class RolloutActionsThroughClusterTests : IAsyncLifetime
{
    private static readonly int[] Weights = [1, 2, 5, 10, 20, 35, 50, 75];
    private static readonly RolloutKey Key = new("shop", "checkout");
    private const string MainPath = "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout";
    private const string StatusPath = MainPath + "/status";
    private SimulatedClusterFixture _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatedClusterFixture.StartAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private JsonObject Stored() => _sim.Cluster.Store.Get(ResourceCatalog.Rollouts, "shop", "checkout")!;

    private Task<ActionOutcome> Run(RolloutAction action, int? target = null) =>
        _sim.Actions.ExecuteAsync(new RolloutActionRequest(Key, action, target));

    private static void AssertPatch(RecordedRequest request, string path, string body)
    {
        Assert.Equal(("PATCH", path, "application/merge-patch+json", body),
            (request.Method, request.PathAndQuery.Split('?')[0], request.ContentType, request.Body));
    }

    [Fact]
    public async Task Abort_sends_the_status_patch_and_the_server_stores_abort()
    {
        _sim.Load([TestRollouts.Ladder("shop", "checkout", 3, Weights)]);

        var outcome = await Run(RolloutAction.Abort);

        Assert.Equal(ActionResult.Succeeded, outcome.Result);
        AssertPatch(Assert.Single(_sim.Patches()), StatusPath, """{"status":{"abort":true}}""");
        Assert.Equal(new SentPatch(StatusPath, "status", "application/merge-patch+json", """{"status":{"abort":true}}""", 200), Assert.Single(outcome.Sent));
        Assert.Equal("kubectl argo rollouts abort checkout -n shop", outcome.KubectlCommand);
        Assert.Equal(true, (bool?)Stored()["status"]!["abort"]);

        // Idempotent: a second abort sends nothing and says so.
        var again = await Run(RolloutAction.Abort);
        Assert.Equal(ActionResult.NoChange, again.Result);
        Assert.Single(_sim.Patches());
    }

    [Fact]
    public async Task Retry_clears_abort_through_the_status_subresource()
    {
        _sim.Load([TestRollouts.Ladder("shop", "checkout", 3, Weights, aborted: true)]);

        var outcome = await Run(RolloutAction.Retry);

        Assert.Equal(ActionResult.Succeeded, outcome.Result);
        AssertPatch(Assert.Single(_sim.Patches()), StatusPath, """{"status":{"abort":false}}""");
        Assert.Equal(false, (bool?)Stored()["status"]!["abort"]);
    }

    [Fact]
    public async Task Promote_on_a_canary_pause_step_clears_the_pause_and_unpauses_the_spec()
    {
        _sim.Load([TestRollouts.Ladder("shop", "checkout", 3, Weights, paused: true)]);
        var generation = long.Parse(Stored()["metadata"]!["generation"]!.ToJsonString());

        var outcome = await Run(RolloutAction.Promote);

        Assert.Equal(ActionResult.Succeeded, outcome.Result);
        var patches = _sim.Patches();
        Assert.Equal(2, patches.Count);
        AssertPatch(patches[0], StatusPath, """{"status":{"pauseConditions":null}}""");
        AssertPatch(patches[1], MainPath, """{"spec":{"paused":false}}""");
        var stored = Stored();
        Assert.Null(stored["status"]!["pauseConditions"]);
        Assert.Equal(false, (bool?)stored["spec"]!["paused"]);
        Assert.Equal(generation + 1, long.Parse(stored["metadata"]!["generation"]!.ToJsonString()));
    }

    [Fact]
    public async Task Promote_full_asks_the_controller_for_a_full_promotion()
    {
        _sim.Load([TestRollouts.Ladder("shop", "checkout", 3, Weights)]);

        var outcome = await Run(RolloutAction.PromoteFull);

        AssertPatch(Assert.Single(_sim.Patches()), StatusPath, """{"status":{"promoteFull":true}}""");
        Assert.Equal("kubectl argo rollouts promote checkout -n shop --full", outcome.KubectlCommand);
        Assert.Equal(true, (bool?)Stored()["status"]!["promoteFull"]);
    }

    [Fact]
    public async Task Pause_then_resume_patch_spec_paused_on_the_main_resource()
    {
        _sim.Load([TestRollouts.Ladder("shop", "checkout", 2, Weights)]);

        Assert.Equal(ActionResult.Succeeded, (await Run(RolloutAction.Pause)).Result);
        Assert.Equal(true, (bool?)Stored()["spec"]!["paused"]);
        Assert.Equal(ActionResult.Succeeded, (await Run(RolloutAction.Resume)).Result);
        Assert.Equal(false, (bool?)Stored()["spec"]!["paused"]);

        var patches = _sim.Patches();
        AssertPatch(patches[0], MainPath, """{"spec":{"paused":true}}""");
        AssertPatch(patches[1], MainPath, """{"spec":{"paused":false}}""");
    }

    [Fact]
    public async Task Advance_to_a_rung_sets_the_step_index_and_refuses_to_go_back()
    {
        _sim.Load([TestRollouts.Ladder("shop", "checkout", 3, Weights)]);
        var version = (string)Stored()["metadata"]!["resourceVersion"]!;

        var outcome = await Run(RolloutAction.Advance, 8);

        // The patch is applied only to the version it was planned on (metadata.resourceVersion).
        var body = $$$"""{"metadata":{"resourceVersion":"{{{version}}}"},"status":{"pauseConditions":null,"currentStepIndex":8}}""";
        Assert.Equal(ActionResult.Succeeded, outcome.Result);
        AssertPatch(Assert.Single(_sim.Patches()), StatusPath, body);
        Assert.Equal(8, (int?)Stored()["status"]!["currentStepIndex"]);
        Assert.Equal($"kubectl patch rollout checkout -n shop --subresource=status --type=merge -p '{body}'", outcome.KubectlCommand);
        // From step 3 (after rung 2) to step 8 (rung 20) skips rungs 5 and 10.
        Assert.Equal("skips 2 rungs: 5 (step 4), 10 (step 6). The canary goes from setWeight 2 to 20 without being judged in between, " +
                     "and until its ReplicaSet has the replicas for 20 Argo routes it setWeight 10 on the pods it has now", outcome.Warning);

        var back = await Run(RolloutAction.Advance, 4);
        Assert.Equal(ActionResult.Refused, back.Result);
        Assert.Contains("only moves forward", back.Message);
        Assert.Single(_sim.Patches());
    }

    [Fact]
    public async Task A_read_only_service_account_is_told_which_verb_is_missing()
    {
        _sim.Load([TestRollouts.Ladder("shop", "checkout", 3, Weights)]);
        _sim.Cluster.Access.ForbidWrites();

        var abort = await Run(RolloutAction.Abort);
        var pause = await Run(RolloutAction.Pause);

        Assert.Equal(ActionResult.Forbidden, abort.Result);
        Assert.Equal((KubernetesAccess.ArgoGroup, "rollouts/status", "patch", true),
            (abort.MissingAccess!.ApiGroup, abort.MissingAccess.Resource, abort.MissingAccess.Verbs.Single(), abort.MissingAccess.IsWrite));
        Assert.Contains("'patch' on 'rollouts/status'", abort.Message);
        Assert.Equal(ActionResult.Forbidden, pause.Result);
        Assert.Equal(("rollouts", "patch"), (pause.MissingAccess!.Resource, pause.MissingAccess.Verbs.Single()));
        Assert.Null(Stored()["status"]!["abort"]);
    }

    [Fact]
    public async Task A_forbidden_read_names_get_on_rollouts()
    {
        _sim.Load([TestRollouts.Ladder("shop", "checkout", 3, Weights)]);
        _sim.Cluster.Access.Forbid("get", "rollouts");

        var outcome = await Run(RolloutAction.Promote);

        Assert.Equal(ActionResult.Forbidden, outcome.Result);
        Assert.Equal(("rollouts", "get"), (outcome.MissingAccess!.Resource, outcome.MissingAccess.Verbs.Single()));
        Assert.Empty(_sim.Patches());
    }

    [Fact]
    public async Task A_rollout_that_is_gone_is_reported_as_not_found()
    {
        var outcome = await Run(RolloutAction.Abort);

        Assert.Equal(ActionResult.NotFound, outcome.Result);
        Assert.Contains("shop/checkout", outcome.Message);
    }

    [Fact]
    public async Task A_conflict_is_retried_from_a_fresh_read()
    {
        _sim.Load([TestRollouts.Ladder("shop", "checkout", 1, Weights)]);
        var conflicts = 0;
        _sim.Faults.Rule = r => r.Method == HttpMethod.Patch && Interlocked.Increment(ref conflicts) == 1 ? Fault.Conflict : null;

        var outcome = await Run(RolloutAction.Advance, 4);

        Assert.Equal(ActionResult.Succeeded, outcome.Result);
        Assert.Equal(2, outcome.Attempts);
        Assert.Equal([409, 200], outcome.Sent.Select(s => s.StatusCode));
        Assert.Equal(2, _sim.Requests.Count(r => r.Method == "GET" && r.PathAndQuery.StartsWith(MainPath, StringComparison.Ordinal)));
        Assert.Equal(4, (int?)Stored()["status"]!["currentStepIndex"]);
    }

    [Fact]
    public async Task Conflicts_on_every_try_are_reported_after_the_bounded_retries()
    {
        _sim.Load([TestRollouts.Ladder("shop", "checkout", 1, Weights)]);
        _sim.Faults.Rule = r => r.Method == HttpMethod.Patch ? Fault.Conflict : null;

        var outcome = await Run(RolloutAction.Abort);

        Assert.Equal(ActionResult.Conflict, outcome.Result);
        Assert.Equal(RolloutActions.MaxAttempts, outcome.Attempts);
        Assert.Contains("409", outcome.Message);
    }

    [Fact]
    public async Task A_silent_api_server_is_reported_as_a_timeout()
    {
        _sim.Load([TestRollouts.Ladder("shop", "checkout", 3, Weights)]);
        _sim.Faults.Rule = r => r.Method == HttpMethod.Patch ? Fault.NeverAnswer : null;
        var actions = new RolloutActions(_sim.Connection, Microsoft.Extensions.Logging.Abstractions.NullLogger<RolloutActions>.Instance)
        {
            Timeout = TimeSpan.FromSeconds(1),
        };

        var outcome = await actions.ExecuteAsync(new RolloutActionRequest(Key, RolloutAction.Abort));

        Assert.Equal(ActionResult.Timeout, outcome.Result);
        Assert.Contains("may or may not have been applied", outcome.Message);
    }
}
