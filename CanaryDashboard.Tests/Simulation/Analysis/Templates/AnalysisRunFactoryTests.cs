using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis.Runs;
using CanaryDashboard.Simulation.Analysis.Templates;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Tests.Simulation.Analysis.Templates;

/// <summary>A run's spec from templates and a rollout's arguments (utils/analysis/helpers.go NewAnalysisRunFromTemplates).</summary>
public sealed class AnalysisRunFactoryTests
{
    private static JsonObject Template(string name, string spec) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop" },
        ["spec"] = JsonNode.Parse(spec),
    };

    private static JsonObject Spec(IReadOnlyList<MetricArgs.Argument> args, params JsonObject[] templates) =>
        AnalysisRunFactory.Spec(new ReferencedTemplates(templates, []), args, null, null);

    [Fact]
    public void Metrics_are_concatenated_and_the_rollouts_values_fill_the_declared_arguments()
    {
        var spec = Spec([new("namespace", "shop", null), new("undeclared", "x", null)],
            Template("a", """{"args":[{"name":"namespace"},{"name":"rollout","value":"web"}],"metrics":[{"name":"one"}]}"""),
            Template("b", """{"args":[{"name":"rollout"}],"metrics":[{"name":"two"}],"dryRun":[{"metricName":"two"}]}"""));
        Assert.Equal(["one", "two"], spec["metrics"]!.AsArray().Select(m => Json.Str(m!["name"])));
        Assert.Equal("""[{"name":"namespace","value":"shop"},{"name":"rollout","value":"web"}]""", spec["args"]!.ToJsonString());
        Assert.Equal("""[{"metricName":"two"}]""", spec["dryRun"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"args":[{"name":"rollout"}],"metrics":[]}""", """{"metrics":[]}""", "args.rollout was not resolved")]
    [InlineData("""{"metrics":[{"name":"m"}]}""", """{"metrics":[{"name":"m"}]}""", "two metrics have the same name 'm'")]
    [InlineData("""{"args":[{"name":"x","value":"1"}],"metrics":[]}""", """{"args":[{"name":"x","value":"2"}],"metrics":[]}""", "Argument `x` specified multiple times with different values: '1', '2'")]
    [InlineData("""{"metrics":[],"dryRun":[{"metricName":"m"}]}""", """{"metrics":[],"dryRun":[{"metricName":"m"}]}""", "two Dry-Run metric rules have the same name 'm'")]
    public void Templates_that_cannot_make_a_run_say_why_as_Argo_does(string a, string b, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => Spec([], Template("a", a), Template("b", b))).Message);

    [Fact]
    public void A_taken_name_gets_Argos_collision_counter_unless_it_is_our_running_run()
    {
        var store = new ObjectStore();
        var rollout = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "shop", ["uid"] = "u1" }, ["spec"] = new JsonObject() };
        var spec = new JsonObject { ["metrics"] = new JsonArray(new JsonObject { ["name"] = "m" }) };
        JsonObject New() => AnalysisRunFactory.New(rollout, new JsonObject(), (JsonObject)spec.DeepClone(), "abc", 2, "", new Dictionary<string, string>());

        var first = AnalysisRunFactory.Create(store, New());
        Assert.Equal("web-abc-2", Json.Name(first));
        Assert.Equal("web-abc-2", Json.Name(AnalysisRunFactory.Create(store, New())));   // still running, same spec, same owner: ours
        store.Update(ResourceCatalog.AnalysisRuns, "shop", "web-abc-2", r => { r["status"] = new JsonObject { ["phase"] = "Inconclusive" }; return r; });
        Assert.Equal("web-abc-2.1", Json.Name(AnalysisRunFactory.Create(store, New())));
    }
}
