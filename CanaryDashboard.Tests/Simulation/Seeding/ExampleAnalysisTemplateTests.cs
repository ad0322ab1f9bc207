using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Seeding;
using CanaryDashboard.Tests.Deploy;

namespace CanaryDashboard.Tests.Simulation.Seeding;

/// <summary>The simulated cluster seeds the chart's example AnalysisTemplate, so a fresh `dotnet run` runs what a cluster would.</summary>
public sealed class ExampleAnalysisTemplateTests
{
    [Fact]
    public void The_seeded_template_is_the_charts_example()
    {
        var chart = ChartFiles.LoadMapping("examples/analysis-template.yaml");
        Assert.Equal(ExampleAnalysisTemplate.Name, chart.Scalar("metadata.name"));
        var expected = YamlJson.ToJson(chart.Required("spec"))!;
        var seeded = ExampleAnalysisTemplate.Spec();
        Assert.True(JsonNode.DeepEquals(expected, seeded), $"chart  {expected.ToJsonString()}\nseeded {seeded.ToJsonString()}");
    }

    [Fact]
    public void Every_example_rollout_runs_it_as_background_analysis_from_step_1()
    {
        foreach (var example in ExampleRollouts.All)
        {
            var analysis = ExampleRollouts.Rollout(example, "v1")["spec"]!["strategy"]!["canary"]!["analysis"]!;
            Assert.Equal(1, (int)analysis["startingStep"]!);
            Assert.Equal(ExampleAnalysisTemplate.Name, (string)analysis["templates"]![0]!["templateName"]!);
        }
    }
}
