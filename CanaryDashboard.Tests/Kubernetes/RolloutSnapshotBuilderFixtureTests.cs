using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Tests.Kubernetes.Fixtures;

namespace CanaryDashboard.Tests.Kubernetes;

/// <summary>
/// The pure builder against Argo's own objects: every rollout of every fixture folder, every
/// field of expected.json (status, message, strategy, step, weights, replicas, images and tags,
/// containers, the list row). The same comparison runs through the simulated cluster in
/// <see cref="FixtureAgreementThroughClusterTests"/>.
/// </summary>
public class RolloutSnapshotBuilderFixtureTests
{
    public static TheoryData<string, string> ExpectedRollouts()
    {
        var data = new TheoryData<string, string>();
        foreach (var expected in ArgoFixtures.Expected())
            data.Add(expected.File, expected.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(ExpectedRollouts))]
    public void Snapshot_agrees_with_argo_on_every_field(string file, string name)
    {
        var expected = ArgoFixtures.Expected().Single(e => e.File == file && e.Name == name);
        var snapshot = ArgoFixtures.BuildFolder(ArgoFixtures.FolderOf(expected)).Single(s => s.Name == name);

        FixtureComparison.AssertMatches(expected, snapshot);
    }

    [Fact]
    public void Every_rollout_in_the_fixtures_has_an_expected_record()
    {
        var expected = ArgoFixtures.Expected();
        var built = ArgoFixtures.Folders.SelectMany(f => ArgoFixtures.BuildFolder(f).Select(s => (Folder: f, s.Name))).ToArray();

        Assert.Equal(expected.Count, built.Length);
        Assert.All(built, b => Assert.Contains(expected, e => ArgoFixtures.FolderOf(e) == b.Folder && e.Name == b.Name));
    }

    [Fact]
    public void Canary_fixture_has_the_ladder_pause_and_pod_details()
    {
        var snapshot = ArgoFixtures.BuildFolder("canary").Single(s => s.Name == "canary-demo");

        Assert.Equal([new LadderRung(0, 20), new LadderRung(2, 40), new LadderRung(4, 60), new LadderRung(6, 80)], snapshot.Ladder);
        Assert.Equal(new CanaryStepInfo(0, "setWeight", "setWeight: 20", 20, null), snapshot.CurrentStep);
        Assert.Equal("pause: 10s", snapshot.Steps[3].Description);
        Assert.Equal("65fb5ffc84", snapshot.CanaryPodHash);
        Assert.Equal("877894d5b", snapshot.StablePodHash);
        Assert.Equal("canary-demo-preview", snapshot.Services.Canary);
        Assert.Null(snapshot.TrafficRouting);
        var canaryRs = snapshot.ReplicaSets.Single(r => r.Canary);
        Assert.Equal("canary-demo-65fb5ffc84", canaryRs.Name);
        Assert.Equal(31, canaryRs.Revision);
        var pod = Assert.Single(canaryRs.Pods);
        Assert.Equal(("ImagePullBackOff", "0/1"), (pod.Status, pod.Ready));
        Assert.Equal(5, snapshot.ReplicaSets.Single(r => r.Stable).Pods.Count);
    }

    [Fact]
    public void Traffic_routed_fixture_reports_router_services_and_weights()
    {
        var snapshot = ArgoFixtures.BuildFolder("canary").Single(s => s.Name == "canary-demo-weights");

        Assert.Equal(new TrafficRoutingInfo("smi", 100, 20, 60), snapshot.TrafficRouting);
        Assert.Equal("canary-demo-stable", snapshot.Services.Stable);
        Assert.Equal(20, snapshot.ActualWeightPercent);
    }

    [Fact]
    public void Blue_green_fixture_reports_its_pause_condition_and_services()
    {
        var snapshot = ArgoFixtures.BuildFolder("blue-green").Single();

        var pause = Assert.Single(snapshot.PauseConditions);
        Assert.Equal("BlueGreenPause", pause.Reason);
        Assert.Equal(DateTimeOffset.Parse("2019-10-28T04:50:20Z"), pause.StartTime);
        Assert.True(snapshot.ControllerPause);
        Assert.Equal(("bluegreen-demo", "bluegreen-demo-preview"), (snapshot.Services.Active, snapshot.Services.Preview));
        Assert.Null(snapshot.Ladder.FirstOrDefault());
    }

    [Fact]
    public void Experiment_fixture_lists_the_experiment_with_its_analysis_run()
    {
        var snapshot = ArgoFixtures.BuildFolder("experiment-step").Single();

        var experiment = Assert.Single(snapshot.Experiments);
        Assert.Equal(("canary-demo-645d5dbc4c-2-0", "Running"), (experiment.Name, experiment.Status));
        var run = Assert.Single(experiment.AnalysisRuns);
        Assert.Equal(("canary-demo-645d5dbc4c-2-0-stress-test", "Running"), (run.Name, run.Status));
        Assert.Equal("canary-preview", Assert.Single(experiment.ReplicaSets).ExperimentTemplate);
        Assert.Equal("experiment", snapshot.CurrentStep?.Kind);
    }

    [Fact]
    public void Invalid_rollout_reports_its_error_condition()
    {
        var snapshot = ArgoFixtures.BuildFolder("rollout-invalid").Single();

        Assert.Contains("`selector` does not match template `labels`", Assert.Single(snapshot.ErrorConditions));
        Assert.Empty(snapshot.Ladder);
        Assert.Null(snapshot.CurrentStep);
    }
}
