using System.Text.Json.Nodes;

namespace CanaryDashboard.Tests.Deploy;

/// <summary>
/// values.yaml documents every value (helm-docs `# --` comments), README.md's table lists each
/// documented value, and the ci scenarios set only values that exist.
/// </summary>
public class ChartValuesDocsTests
{
    [Fact]
    public void Every_value_in_values_yaml_has_a_doc_comment()
    {
        var values = HelmValuesDocs.Read(ChartFiles.ReadText("values.yaml"));

        Assert.True(values.Count >= 40, $"only {values.Count} values were found: is the checker reading the file?");
        var undocumented = values.Where(v => v.Description is null).Select(v => $"{v.Path} (line {v.Line})").ToList();
        Assert.True(undocumented.Count == 0, "undocumented values: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void The_README_table_lists_every_documented_value()
    {
        var readme = ChartFiles.ReadText("README.md");
        var missing = HelmValuesDocs.Read(ChartFiles.ReadText("values.yaml"))
            .Where(v => !readme.Contains($"| `{v.Path}` |", StringComparison.Ordinal))
            .Select(v => v.Path).ToList();

        Assert.True(missing.Count == 0, "README.md's values table lacks: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("ci/default-values.yaml")]
    [InlineData("ci/read-only-values.yaml")]
    [InlineData("ci/namespaced-values.yaml")]
    [InlineData("ci/ingress-values.yaml")]
    public void A_ci_scenario_sets_only_values_the_chart_declares(string scenario)
    {
        var documented = HelmValuesDocs.Read(ChartFiles.ReadText("values.yaml")).Select(v => v.Path).ToHashSet();
        var overrides = YamlJson.ToJson(ChartFiles.LoadDocuments(scenario)[0].RootNode) as JsonObject;
        Assert.NotNull(overrides);

        var unknown = new List<string>();
        Check(overrides, "");
        Assert.True(unknown.Count == 0, $"{scenario} sets values that values.yaml does not declare: {string.Join(", ", unknown)}");

        void Check(JsonObject node, string prefix)
        {
            foreach (var (key, value) in node)
            {
                var path = prefix.Length == 0 ? key : prefix + "." + key;
                if (documented.Contains(path))
                    continue; // a documented value takes any shape below it (maps of annotations, config, ...)
                if (documented.Any(d => d.StartsWith(path + ".", StringComparison.Ordinal)) && value is JsonObject child)
                    Check(child, path);
                else
                    unknown.Add(path);
            }
        }
    }

    // ---- the checker itself finds what it is meant to find ----

    [Fact]
    public void Checker_reports_an_undocumented_leaf_with_its_full_path()
    {
        const string yaml = """
            image:
              # -- Image repository
              repository: app
              tag: ""
            """;
        Assert.Equal(["image.tag"], HelmValuesDocs.Undocumented(yaml));
    }

    [Fact]
    public void Checker_accepts_a_documented_map_as_one_value_and_multi_line_descriptions()
    {
        const string yaml = """
            # -- Security context,
            # on two lines
            # @default -- non-root
            securityContext:
              runAsNonRoot: true
            # Section header, not a description
            service:
              # -- Port
              port: 80
            """;
        var values = HelmValuesDocs.Read(yaml);
        Assert.Equal(["securityContext", "service.port"], values.Select(v => v.Path));
        Assert.Equal("Security context, on two lines", values[0].Description);
        Assert.Empty(HelmValuesDocs.Undocumented(yaml));
    }

    [Fact]
    public void Checker_rejects_plain_comments_detached_comments_and_misindented_ones()
    {
        const string yaml = """
            # A plain comment is not documentation
            plain: 1
            # -- Separated by a blank line

            detached: 2
            parent:
            # -- At the parent's indentation, not the key's
              child: 3
            """;
        Assert.Equal(["plain", "detached", "parent.child"], HelmValuesDocs.Undocumented(yaml));
        Assert.Equal(["empty"], HelmValuesDocs.Undocumented("# --\nempty: \"\"\n"));
    }
}
