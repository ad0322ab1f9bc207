using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis.Conditions;

namespace CanaryDashboard.Tests.Simulation.Analysis.Conditions;

/// <summary>The measurement value as Go's json.Marshal writes the decoded result (webmetric.go getValue).</summary>
public sealed class GoJsonTests
{
    [Theory]
    [InlineData(35.0, "35")]
    [InlineData(35.2, "35.2")]
    [InlineData(0.0, "0")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1.5e-10, "1.5e-10")]
    public void Floats_are_written_as_Go_writes_float64(double value, string expected) => Assert.Equal(expected, GoJson.Float(value));

    [Fact]
    public void Objects_have_sorted_keys_and_html_characters_escaped() =>
        Assert.Equal("""{"a":[1,true,null],"b":"x\u003cy\u0026"}""",
            GoJson.Marshal(ExprValues.FromJson(JsonNode.Parse("""{"b":"x<y&","a":[1,true,null]}"""))));

    [Fact]
    public void A_string_is_quoted() => Assert.Equal("\"proceed\"", GoJson.Marshal("proceed"));
}
