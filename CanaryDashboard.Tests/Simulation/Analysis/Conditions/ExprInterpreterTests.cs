using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis.Conditions;

namespace CanaryDashboard.Tests.Simulation.Analysis.Conditions;

/// <summary>The expr-lang subset Argo conditions use, with expr's precedence and runtime rules.</summary>
public sealed class ExprInterpreterTests
{
    private static readonly object? Result = ExprValues.FromJson(JsonNode.Parse("""
        {"status":"proceed","weight":35.2,"ok":true,"items":[{"x":1},{"x":2},{"x":3}],"tags":["a","b"],"nothing":null,"name":"payments-api","nan":0}
        """));

    private static bool Eval(string condition, object? result = null) => ConditionEvaluator.EvalCondition(result ?? Result, condition);

    [Theory]
    [InlineData("result.status == \"proceed\"")]
    [InlineData("result.status != 'breach'")]
    [InlineData("result.weight > 35 && result.weight <= 35.2")]
    [InlineData("result.weight >= 35.2 and result.ok")]
    [InlineData("result.weight < 1 || result.ok")]
    [InlineData("result.weight < 1 or result.ok == true")]
    [InlineData("!(result.weight < 1)")]
    [InlineData("not (result.weight < 1)")]
    [InlineData("result.items[0].x == 1")]
    [InlineData("result.items[-1].x == 3")]
    [InlineData("result[\"status\"] == \"proceed\"")]
    [InlineData("result.tags[1] == 'b'")]
    [InlineData("len(result.items) == 3 && len(result.tags) == 2 && len(result.status) == 7")]
    [InlineData("'a' in result.tags")]
    [InlineData("'z' not in result.tags")]
    [InlineData("result.status in ['proceed', 'ok']")]
    [InlineData("'weight' in result")]
    [InlineData("result.items[2].x * 2 - 1 == 5")]
    [InlineData("result.weight / 2 == 17.6")]
    [InlineData("(1 + 2) * 3 == 9")]
    [InlineData("7 / 2 == 3.5")]
    [InlineData("7 % 4 == 3")]
    [InlineData("2 ** 3 == 8")]
    [InlineData("-result.weight < 0")]
    [InlineData("1 == 1.0")]
    [InlineData("\"1\" != 1")]
    [InlineData("result.missing == nil")]
    [InlineData("result.nothing == nil")]
    [InlineData("result.nothing?.deeper == nil")]
    [InlineData("result.name startsWith 'payments' and result.name endsWith 'api' and result.name contains 'ts-a'")]
    [InlineData("result.name matches '^pay.*api$'")]
    [InlineData("result.ok ? true : false")]
    [InlineData("result.nothing ?? true")]
    [InlineData("'ab' + 'c' == 'abc'")]
    [InlineData("1_000 == 1000 && 0x10 == 16 && 1e3 == 1000")]
    [InlineData("!isNaN(result.weight) && !isInf(result.weight)")]
    [InlineData("asInt('42') == 42 && asFloat('1.5') == 1.5 && asInt(result.weight) == 35")]
    [InlineData("abs(-2) == 2")]
    public void Holds(string condition) => Assert.True(Eval(condition), condition);

    [Theory]
    [InlineData("result.status == \"breach\"")]
    [InlineData("result.weight < 35")]
    [InlineData("result.ok && false")]
    [InlineData("'z' in result.tags")]
    [InlineData("not result.ok")]
    public void Does_not_hold(string condition) => Assert.False(Eval(condition), condition);

    [Fact]
    public void Unary_not_binds_tighter_than_a_comparison_as_in_expr()
    {
        // expr parses `!a == b` as `(!a) == b`.
        Assert.True(Eval("!result.ok == false"));
    }

    [Fact]
    public void And_or_short_circuit_so_the_right_side_is_not_evaluated()
    {
        Assert.False(Eval("result.ok == false && result.nothing.deeper > 1"));
        Assert.True(Eval("result.ok || result.nothing.deeper > 1"));
    }

    [Fact]
    public void A_number_result_compares_with_integer_literals()
    {
        Assert.True(Eval("result > 0", 12.5));
        Assert.True(Eval("result == 0", 0.0));
        Assert.False(Eval("result > 0", 0.0));
    }

    [Fact]
    public void A_string_result_from_a_non_json_body_compares_as_a_string() =>
        Assert.True(Eval("result == 'OK'", "OK"));

    [Fact]
    public void IsNil_and_default_look_at_the_measured_result_as_in_Argo()
    {
        Assert.True(ConditionEvaluator.EvalCondition(null, "isNil(result)"));
        Assert.True(ConditionEvaluator.EvalCondition(null, "default(result, 5) == 5"));
        Assert.True(ConditionEvaluator.EvalCondition(3.0, "default(result, 5) == 3"));
    }

    [Theory]
    [InlineData("result.nothing.deeper", "cannot fetch deeper from <nil>")]
    [InlineData("result.items[5].x == 1", "index out of range: 5 (array length is 3)")]
    [InlineData("result.status && true", "invalid operation: && (mismatched type string, expected bool)")]
    [InlineData("result.weight % 2 == 1", "invalid operation: % (mismatched types float64 and int)")]
    [InlineData("len(result.weight) > 1", "invalid argument for len (type float64)")]
    [InlineData("unknown(1)", "unknown func unknown")]
    [InlineData("result.status ==", "unexpected end of expression")]
    [InlineData("result.status = 'x'", "unrecognized character")]
    [InlineData("1 2", "unexpected token")]
    [InlineData("result.weight", "expected bool, but got float64")]
    public void Errors_read_like_expr_lang(string condition, string message)
    {
        var error = Assert.Throws<ExprException>(() => Eval(condition));
        Assert.Contains(message, error.Message);
    }
}
