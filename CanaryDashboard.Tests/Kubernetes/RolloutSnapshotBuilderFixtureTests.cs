using System.Text.Json;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Tests.Kubernetes.Fixtures;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>
/// The pure builder against the repository's own fixtures (Kubernetes/Fixtures/Own): every scenario,
/// every field of expected.json (status, message, strategy, step, weights, replicas, images and tags,
/// containers, the list row), then the details the dashboard shows beyond Argo's summary. The same
/// comparison runs through the simulated cluster in <see cref="FixtureAgreementThroughClusterTests"/>,
/// and against Argo's own objects, where present, in <see cref="ArgoAgreementTests"/>.
/// </summary>
public class RolloutSnapshotBuilderFixtureTests
{
    private static RolloutSnapshot Scenario(string name) =>
        OwnFixtures.Set.BuildAll().Single(s => s.Namespace == OwnFixtures.Namespace && s.Name == name);

    public static TheoryData<string, string> ExpectedRollouts()
    {
        var data = new TheoryData<string, string>();
        foreach (var expected in OwnFixtures.Set.Expected())
            data.Add(expected.File, expected.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(ExpectedRollouts))]
    public void Snapshot_agrees_with_the_hand_derived_summary_on_every_field(string file, string name)
    {
        var expected = OwnFixtures.Set.Expected().Single(e => e.File == file && e.Name == name);
        var snapshot = OwnFixtures.Set.BuildFolder(FixtureSet.FolderOf(expected)).Single(s => s.Name == name);

        FixtureComparison.AssertMatches(expected, snapshot);
    }

    [Fact]
    public void Every_scenario_has_one_rollout_with_an_expected_record_in_its_file()
    {
        var own = OwnFixtures.Set;
        var expected = own.Expected();

        Assert.Equal(own.Folders().Count, expected.Count);
        Assert.All(own.Folders(), folder =>
        {
            var rollout = Assert.Single(own.LoadFolder(folder), x => (string?)x.Object["kind"] == "Rollout");
            Assert.Contains(expected, e => e.File == $"testdata/{folder}/{rollout.File}" && e.Name == (string?)rollout.Object["metadata"]!["name"]);
        });
    }

    [Fact]
    public void Scenarios_do_not_see_each_other_when_loaded_together()
    {
        // What lets Simulation:ManifestsPath load them all at once: own names and uids per scenario.
        var together = OwnFixtures.Set.BuildAll();

        Assert.Equal(together.Count, together.Select(s => s.Key).Distinct().Count());
        Assert.All(OwnFixtures.Set.Folders(), folder =>
        {
            var alone = Assert.Single(OwnFixtures.Set.BuildFolder(folder));
            Assert.Equal(JsonSerializer.Serialize(alone), JsonSerializer.Serialize(together.Single(s => s.Key == alone.Key)));
        });
    }

    [Fact]
    public void Paused_canary_has_its_ladder_pause_and_pod_details()
    {
        var snapshot = Scenario("checkout");

        Assert.Equal([new LadderRung(0, 25), new LadderRung(2, 50), new LadderRung(4, 75)], snapshot.Ladder);
        Assert.Equal(new CanaryStepInfo(1, "pause", "pause", null, null), snapshot.CurrentStep);
        Assert.Equal("pause: 10m", snapshot.Steps[3].Description);
        Assert.Equal(new PauseConditionInfo("CanaryPauseStep", DateTimeOffset.Parse("2026-03-02T09:15:00Z")), Assert.Single(snapshot.PauseConditions));
        Assert.True(snapshot.ControllerPause);
        Assert.Equal(("7c5b9d8f4", "5f8d6c7b9"), (snapshot.CanaryPodHash, snapshot.StablePodHash));
        Assert.Equal(("checkout-canary", "checkout-stable"), (snapshot.Services.Canary, snapshot.Services.Stable));
        Assert.Null(snapshot.TrafficRouting);
        var canaryRs = snapshot.ReplicaSets.Single(r => r.Canary);
        Assert.Equal(("checkout-7c5b9d8f4", 2, "Healthy"), (canaryRs.Name, canaryRs.Revision, canaryRs.Status));
        Assert.Equal(["checkout-7c5b9d8f4-x2wqh", "checkout-7c5b9d8f4-zk7mn"], canaryRs.Pods.Select(p => p.Name));
        Assert.All(canaryRs.Pods, p => Assert.Equal(("Running", "1/1", 0), (p.Status, p.Ready, p.Restarts)));
        Assert.Equal(4, snapshot.ReplicaSets.Single(r => r.Stable).Pods.Count);
    }

    [Fact]
    public void Canary_past_its_progress_deadline_shows_the_pod_that_cannot_pull_its_image()
    {
        var snapshot = Scenario("notifications");

        var canaryRs = snapshot.ReplicaSets.Single(r => r.Canary);
        Assert.Equal("Progressing", canaryRs.Status);   // 0 of 1 available
        Assert.Equal(("ImagePullBackOff", "0/1"), (Assert.Single(canaryRs.Pods).Status, canaryRs.Pods[0].Ready));
        Assert.Equal(3, snapshot.ReplicaSets.Single(r => r.Stable).Pods.Count(p => p.Status == "Running"));
    }

    [Fact]
    public void Traffic_routed_canaries_report_router_services_and_weights()
    {
        var search = Scenario("search");
        Assert.Equal(new TrafficRoutingInfo("nginx", 100, 20, 80), search.TrafficRouting);
        Assert.Equal(("search-canary", "search-stable"), (search.Services.Canary, search.Services.Stable));
        Assert.Equal((40, 20), (search.SetWeightPercent, search.ActualWeightPercent));

        var profile = Scenario("profile");
        Assert.Equal(new TrafficRoutingInfo("smi", 100, 30, 70), profile.TrafficRouting);
        Assert.True(profile.Paused);
        Assert.Equal("CanaryPauseStep", Assert.Single(profile.PauseConditions).Reason);
    }

    [Fact]
    public void Blue_green_reports_its_pause_condition_services_and_roles()
    {
        var snapshot = Scenario("storefront");

        var pause = Assert.Single(snapshot.PauseConditions);
        Assert.Equal(("BlueGreenPause", DateTimeOffset.Parse("2026-03-02T17:20:00Z")), (pause.Reason, pause.StartTime));
        Assert.True(snapshot.ControllerPause);
        Assert.Equal(("storefront-active", "storefront-preview"), (snapshot.Services.Active, snapshot.Services.Preview));
        Assert.Empty(snapshot.Ladder);
        Assert.Null(snapshot.CurrentStep);
        Assert.Equal(
            [("storefront-6b9d8c5f7", false, false, true), ("storefront-8c7f5d4b6", true, true, false), ("storefront-7d5c9b6f8", false, false, false)],
            snapshot.ReplicaSets.Select(r => (r.Name, r.Stable, r.Active, r.Preview)));   // newest revision first
    }

    [Fact]
    public void Experiment_step_lists_the_experiment_with_its_replica_sets_and_analysis_run()
    {
        var snapshot = Scenario("pricing");

        Assert.Equal("experiment", snapshot.CurrentStep?.Kind);
        var experiment = Assert.Single(snapshot.Experiments);
        Assert.Equal(("pricing-6b8d9c7f5-4-0", "Running", 4), (experiment.Name, experiment.Status, experiment.Revision));
        Assert.Equal(["baseline", "candidate"], experiment.ReplicaSets.Select(r => r.ExperimentTemplate));
        var run = Assert.Single(experiment.AnalysisRuns);
        Assert.Equal(("pricing-6b8d9c7f5-4-0-compare", "Running", 2), (run.Name, run.Status, run.Successful));
        Assert.Empty(snapshot.AnalysisRuns);   // the run belongs to the experiment, not to the rollout
    }

    [Fact]
    public void Failed_experiment_reports_its_failed_analysis_and_the_abort()
    {
        var snapshot = Scenario("shipping");

        Assert.True(snapshot.Aborted);
        var experiment = Assert.Single(snapshot.Experiments);
        Assert.Equal(("Failed", "Metric \"smoke\" assessed Failed due to failed (1) > failureLimit (0)"), (experiment.Status, experiment.Message));
        Assert.Equal(("Failed", 1), (Assert.Single(experiment.AnalysisRuns).Status, experiment.AnalysisRuns[0].Failed));
        Assert.Equal(0, Assert.Single(experiment.ReplicaSets).Replicas);
    }

    [Fact]
    public void Aborted_canary_lists_the_analysis_run_that_failed()
    {
        var snapshot = Scenario("cart");

        Assert.True(snapshot.Aborted);
        var run = Assert.Single(snapshot.AnalysisRuns);
        Assert.Equal(("cart-4c7d9f6b8-3-2", "Failed", 2, 3, 3), (run.Name, run.Status, run.Successful, run.Failed, run.Revision));
        Assert.Equal(0, snapshot.ReplicaSets.Single(r => r.Canary).Replicas);
    }

    [Fact]
    public void Inconclusive_analysis_is_reported_as_the_current_step_run()
    {
        var snapshot = Scenario("recommendations");

        Assert.Equal(new AnalysisRunStatusRef("recommendations-5f6b8d9c4-2-1", "Inconclusive",
            "Metric \"p99-latency\" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)"), snapshot.CurrentStepAnalysisRun);
        Assert.Equal(("Inconclusive", 1), (Assert.Single(snapshot.AnalysisRuns).Status, snapshot.AnalysisRuns[0].Inconclusive));
        Assert.Equal("analysis", snapshot.CurrentStep?.Kind);
    }

    [Fact]
    public void Invalid_rollout_reports_its_error_condition()
    {
        var snapshot = Scenario("ledger");

        Assert.Contains("SetWeight needs to be between 0 and 100", Assert.Single(snapshot.ErrorConditions));
        Assert.Equal([new LadderRung(0, 20), new LadderRung(1, 150)], snapshot.Ladder);
        Assert.Null(snapshot.CurrentStep);   // index 3 of 3 steps
    }
}
