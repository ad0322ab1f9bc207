using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CanaryDashboard.Tests.Deploy;

/// <summary>
/// The example ladder Rollout is valid Argo Rollouts (literal int weights, DESIGN §4's ladder, an
/// indefinite pause after each rung) wired to the example AnalysisTemplate, which asks the
/// dashboard's /analyze through the web provider the way DESIGN §5 requires.
/// </summary>
public class ChartExampleTests
{
    private static readonly int[] DesignLadder = [1, 2, 5, 10, 20, 35, 50, 75];

    [Fact]
    public void The_Rollout_steps_are_a_literal_ascending_ladder_each_followed_by_an_indefinite_pause()
    {
        var steps = Assert.IsType<YamlSequenceNode>(Rollout().Required("spec.strategy.canary.steps")).Children;
        Assert.True(steps.Count % 2 == 0, "steps must come in setWeight/pause pairs");

        var weights = new List<int>();
        for (var i = 0; i < steps.Count; i += 2)
        {
            var set = Assert.IsType<YamlMappingNode>(steps[i]);
            Assert.Single(set.Children);
            var weight = Assert.IsType<YamlScalarNode>(set.Required("setWeight"));
            // Argo's CRD types setWeight as int32: a quoted "5" or "${...}" is rejected by the API server.
            Assert.Equal(ScalarStyle.Plain, weight.Style);
            Assert.True(int.TryParse(weight.Value, out var value), $"setWeight '{weight.Value}' at step {i} is not a literal int");
            Assert.InRange(value, 1, 100);
            weights.Add(value);

            var pause = Assert.IsType<YamlMappingNode>(steps[i + 1]);
            Assert.Single(pause.Children);
            var pauseBody = Assert.IsType<YamlMappingNode>(pause.Required("pause"));
            Assert.Empty(pauseBody.Children); // `pause: {}` waits for a promote (the dashboard's advance)
        }

        Assert.Equal(weights.Order(), weights);
        Assert.Equal(weights.Count, weights.Distinct().Count());
        Assert.Equal(DesignLadder, weights);
    }

    [Fact]
    public void The_Rollout_uses_the_example_AnalysisTemplate_with_every_argument_it_declares()
    {
        var analysis = Rollout().Required("spec.strategy.canary.analysis");
        var templates = Assert.IsType<YamlSequenceNode>(analysis.Required("templates")).Children;
        Assert.Equal(Template().Scalar("metadata.name"), Assert.Single(templates).Scalar("templateName"));

        var declared = Names(Template().Required("spec.args"));
        var passed = Names(analysis.Required("args"));
        Assert.Equal(declared.Order(), passed.Order());
        Assert.Equal(["namespace", "rollout"], declared.Order());
    }

    [Fact]
    public void The_Rollout_routes_traffic_through_objects_defined_beside_it()
    {
        var canary = Rollout().Required("spec.strategy.canary");
        var services = Objects("v1", "Service").Select(s => s.Scalar("metadata.name")).ToList();
        var ingresses = Objects("networking.k8s.io/v1", "Ingress").Select(s => s.Scalar("metadata.name")).ToList();

        Assert.Contains(canary.Scalar("canaryService"), services);
        Assert.Contains(canary.Scalar("stableService"), services);
        Assert.Contains(canary.Scalar("trafficRouting.nginx.stableIngress"), ingresses);

        var selector = Assert.IsType<YamlMappingNode>(Rollout().Required("spec.selector.matchLabels"));
        var podLabels = Assert.IsType<YamlMappingNode>(Rollout().Required("spec.template.metadata.labels"));
        Assert.All(selector.Children, kv => Assert.Equal(kv.Value, podLabels.Children[kv.Key]));
    }

    [Fact]
    public void The_AnalysisTemplate_asks_analyze_and_fails_on_breach_and_is_inconclusive_on_insufficient_data()
    {
        var template = Template();
        Assert.Equal("argoproj.io/v1alpha1", template.Scalar("apiVersion"));
        var metric = Assert.Single(Assert.IsType<YamlSequenceNode>(template.Required("spec.metrics")).Children);

        // /analyze's statuses: proceed succeeds, breach fails, insufficient-data meets neither (Inconclusive: Argo pauses).
        Assert.Equal("result.status == \"proceed\"", metric.Scalar("successCondition"));
        Assert.Equal("result.status == \"breach\"", metric.Scalar("failureCondition"));
        Assert.Equal("0", metric.Scalar("inconclusiveLimit"));
        Assert.Equal("{$}", metric.Scalar("provider.web.jsonPath"));

        var url = new Uri(metric.Scalar("provider.web.url"));
        Assert.Equal("/analyze", url.AbsolutePath);
        Assert.Equal("?namespace={{args.namespace}}&rollout={{args.rollout}}", Uri.UnescapeDataString(url.Query));
    }

    [Fact]
    public void The_web_provider_waits_longer_than_the_dashboards_analyze_deadline()
    {
        var metric = ((YamlSequenceNode)Template().Required("spec.metrics")).Children[0];
        var timeout = TimeSpan.FromSeconds(int.Parse(metric.Scalar("provider.web.timeoutSeconds")));

        Assert.InRange(timeout, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        var deadline = ChartAppConfigTests.EffectiveOptions(ChartAppConfigTests.ChartConfigOverlay("ci/default-values.yaml")).Analyze.Deadline;
        Assert.True(deadline < timeout, $"the dashboard's Analyze:Deadline {deadline} must be under Argo's {timeout}");
        // A single weight of 0 is a breach and must abort at once (DESIGN §5).
        Assert.Equal("0", metric.Scalar("failureLimit"));
    }

    [Fact]
    public void The_chart_installs_that_same_template_only_when_examples_are_enabled()
    {
        var text = ChartFiles.ReadText("templates/analysistemplate.yaml");
        Assert.Contains("{{- if .Values.examples.enabled }}", text);
        Assert.Contains(".Files.Get \"examples/analysis-template.yaml\" | fromYaml", text);
        // Only the scheme and host are replaced by the release's Service; path and query are the file's.
        Assert.Contains("regexReplaceAll \"^https?://[^/]+\" .url $service", text);
    }

    private static YamlMappingNode Rollout() => Assert.Single(Objects("argoproj.io/v1alpha1", "Rollout"));

    private static YamlMappingNode Template()
    {
        var template = ChartFiles.LoadMapping("examples/analysis-template.yaml");
        Assert.Equal("AnalysisTemplate", template.Scalar("kind"));
        return template;
    }

    private static List<YamlMappingNode> Objects(string apiVersion, string kind) =>
        ChartFiles.LoadDocuments("examples/ladder-rollout.yaml")
            .Select(d => Assert.IsType<YamlMappingNode>(d.RootNode))
            .Where(o => o.Scalar("kind") == kind && o.Scalar("apiVersion") == apiVersion)
            .ToList();

    private static List<string> Names(YamlNode sequence) =>
        Assert.IsType<YamlSequenceNode>(sequence).Children.Select(a => a.Scalar("name")).ToList();
}
