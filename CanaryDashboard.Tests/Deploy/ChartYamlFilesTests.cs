using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace CanaryDashboard.Tests.Deploy;

/// <summary>Every YAML file of the chart that is not a Helm template parses, and the expected ones exist.</summary>
public class ChartYamlFilesTests
{
    public static TheoryData<string> PlainFiles() => new(ChartFiles.PlainYamlFiles());

    [Theory]
    [MemberData(nameof(PlainFiles))]
    public void Each_plain_YAML_file_parses_into_at_least_one_document(string relative)
    {
        var documents = ChartFiles.LoadDocuments(relative); // throws with line and column on a syntax error
        Assert.NotEmpty(documents);
        Assert.All(documents, d => Assert.True(d.RootNode is YamlMappingNode or YamlSequenceNode,
            $"{relative}: a document is a bare scalar, not a mapping"));
    }

    [Fact]
    public void The_chart_has_its_plain_files_and_the_four_ci_scenarios()
    {
        var files = ChartFiles.PlainYamlFiles();
        string[] expected =
        [
            "Chart.yaml", "values.yaml", "files/rbac-rules.yaml",
            "examples/analysis-template.yaml", "examples/ladder-rollout.yaml",
            "ci/default-values.yaml", "ci/read-only-values.yaml", "ci/namespaced-values.yaml", "ci/ingress-values.yaml",
        ];
        Assert.All(expected, f => Assert.Contains(f, files));
        Assert.All(files.Where(f => f.StartsWith("ci/", StringComparison.Ordinal)), f => Assert.EndsWith("-values.yaml", f));
    }

    [Fact]
    public void Chart_yaml_is_a_v2_application_chart_named_after_its_folder()
    {
        var chart = ChartFiles.LoadMapping("Chart.yaml");
        Assert.Equal("v2", chart.Scalar("apiVersion"));
        Assert.Equal(Path.GetFileName(ChartFiles.ChartDirectory), chart.Scalar("name"));
        Assert.Equal("application", chart.Scalar("type"));
        Assert.Matches(new Regex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$"), chart.Scalar("version"));
        Assert.False(string.IsNullOrWhiteSpace(chart.Scalar("appVersion")));
        Assert.False(string.IsNullOrWhiteSpace(chart.Scalar("description")));
    }

    [Fact]
    public void Files_the_templates_read_are_not_excluded_by_helmignore()
    {
        var ignored = ChartFiles.ReadText(".helmignore").Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var read = Directory.EnumerateFiles(ChartFiles.PathOf("templates"))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"\.Files\.Get ""([^""]+)""").Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.Equal(["examples/analysis-template.yaml", "files/rbac-rules.yaml"], read.Order());
        foreach (var file in read)
        {
            Assert.True(File.Exists(ChartFiles.PathOf(file)), $"{file} is read by a template but does not exist");
            Assert.DoesNotContain(ignored, pattern => file.StartsWith(pattern.TrimEnd('*'), StringComparison.Ordinal));
        }
    }
}
