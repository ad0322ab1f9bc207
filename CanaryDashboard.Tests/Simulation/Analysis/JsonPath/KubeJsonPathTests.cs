using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis.Conditions;
using CanaryDashboard.Simulation.Analysis.JsonPath;

namespace CanaryDashboard.Tests.Simulation.Analysis.JsonPath;

/// <summary>The Kubernetes JSONPath templates Argo's web provider takes (client-go util/jsonpath).</summary>
public sealed class KubeJsonPathTests
{
    private static readonly object? Body = ExprValues.FromJson(JsonNode.Parse("""
        {"weight":35.2,"status":"proceed","a":{"b":{"c":"deep"}},"items":[{"x":1},{"x":2},{"x":3}],"nothing":null,"dash-key":7}
        """));

    private static object? First(string template) => KubeJsonPath.Parse(template).FindResults(Body).First(r => r.Count > 0)[0];

    [Fact]
    public void A_number_stays_a_number() => Assert.Equal(35.2, First("{$.weight}"));

    [Fact]
    public void A_string_stays_a_string() => Assert.Equal("proceed", First("{.status}"));

    [Fact]
    public void Nested_members_and_array_indexes_are_followed()
    {
        Assert.Equal("deep", First("{$.a.b.c}"));
        Assert.Equal(1.0, First("{$.items[0].x}"));
        Assert.Equal(3.0, First("{$.items[-1].x}"));
        Assert.Equal(7.0, First("{$['dash-key']}"));
    }

    [Fact]
    public void The_root_is_the_whole_object_so_conditions_can_read_its_members()
    {
        var root = Assert.IsType<Dictionary<string, object?>>(First("{$}"));
        Assert.Equal("proceed", root["status"]);
        Assert.True(ConditionEvaluator.EvalCondition(root, "result.status == 'proceed' && result.weight > 0"));
    }

    [Fact]
    public void No_template_means_the_root_as_in_Argo() =>
        Assert.IsType<Dictionary<string, object?>>(KubeJsonPath.Parse(null).FindResults(Body)[0][0]);

    [Fact]
    public void Wildcards_and_slices_give_several_values_and_the_first_is_used()
    {
        var results = KubeJsonPath.Parse("{.items[*].x}").FindResults(Body);
        Assert.Equal([1.0, 2.0, 3.0], results[0]);
        Assert.Equal([2.0, 3.0], KubeJsonPath.Parse("{.items[1:3].x}").FindResults(Body)[0]);
    }

    [Fact]
    public void A_json_null_is_a_value() => Assert.Null(First("{$.nothing}"));

    [Fact]
    public void Text_around_the_action_is_a_result_of_its_own()
    {
        var results = KubeJsonPath.Parse("weight={$.weight}").FindResults(Body);
        Assert.Equal("weight=", results[0][0]);
        Assert.Equal(35.2, results[1][0]);
    }

    [Theory]
    [InlineData("{$.missing}", "missing is not found")]
    [InlineData("{$.a.missing}", "missing is not found")]
    [InlineData("{$.weight.x}", "x is not found")]
    [InlineData("{$.items[5]}", "array index out of bounds: index 5, length 3")]
    [InlineData("{$.status[0]}", "string is not array or slice")]
    public void What_is_not_there_is_an_error(string template, string message)
    {
        var error = Assert.Throws<FormatException>(() => KubeJsonPath.Parse(template).FindResults(Body));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("{..x}")]
    [InlineData("{.items[?(@.x==1)]}")]
    [InlineData("{range .items[*]}{.x}{end}")]
    [InlineData("{.items[*]['x','y']}")]
    public void Unsupported_syntax_is_refused_when_parsed(string template) =>
        Assert.Contains("not supported", Assert.Throws<FormatException>(() => KubeJsonPath.Parse(template)).Message);
}
