using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis;
using CanaryDashboard.Simulation.Analysis.Conditions;

namespace CanaryDashboard.Tests.Simulation.Analysis.Conditions;

/// <summary>The phase of a measurement from its conditions, case by case as Argo's utils/evaluate/evaluate.go <c>EvaluateResult</c>.</summary>
public sealed class ConditionEvaluatorTests
{
    private static object? Answer(string status) => ExprValues.FromJson(JsonNode.Parse($$"""{"status":"{{status}}","weight":35.2}"""));

    [Fact]
    public void No_condition_is_Successful_whatever_the_result()
    {
        Assert.Equal(AnalysisPhase.Successful, ConditionEvaluator.Evaluate(0.0, null, null).Phase);
        Assert.Equal(AnalysisPhase.Successful, ConditionEvaluator.Evaluate(null, "", "").Phase);
    }

    [Theory]
    [InlineData(12.0, AnalysisPhase.Successful)]
    [InlineData(0.0, AnalysisPhase.Failed)]   // not succeeding is failing
    public void Only_a_success_condition_fails_when_it_does_not_hold(double result, string expected) =>
        Assert.Equal(expected, ConditionEvaluator.Evaluate(result, "result > 0", null).Phase);

    [Theory]
    [InlineData(0.0, AnalysisPhase.Failed)]
    [InlineData(12.0, AnalysisPhase.Successful)]   // not failing is succeeding
    public void Only_a_failure_condition_succeeds_when_it_does_not_hold(double result, string expected) =>
        Assert.Equal(expected, ConditionEvaluator.Evaluate(result, null, "result == 0").Phase);

    [Theory]
    [InlineData("proceed", AnalysisPhase.Successful)]
    [InlineData("breach", AnalysisPhase.Failed)]
    [InlineData("insufficient-data", AnalysisPhase.Inconclusive)]   // neither: Argo pauses, never aborts
    public void Both_conditions_give_Failed_Successful_or_Inconclusive(string status, string expected) =>
        Assert.Equal(expected, ConditionEvaluator.Evaluate(Answer(status), "result.status == \"proceed\"", "result.status == \"breach\"").Phase);

    [Fact]
    public void Both_conditions_true_is_Failed_as_failure_is_tested_first() =>
        Assert.Equal(AnalysisPhase.Failed, ConditionEvaluator.Evaluate(5.0, "result > 0", "result > 1").Phase);

    [Theory]
    [InlineData("result.status >", "could not evaluate successCondition \"result.status >\": unexpected end of expression")]
    [InlineData("result.status", "could not evaluate successCondition \"result.status\": expected bool, but got string")]
    [InlineData("result.status > 1", "could not evaluate successCondition \"result.status > 1\": invalid operation: > (mismatched types string and int)")]
    [InlineData("foo == 1", "could not evaluate successCondition \"foo == 1\": unknown name foo")]
    public void A_condition_that_cannot_be_evaluated_is_an_Error_naming_it(string condition, string message)
    {
        var outcome = ConditionEvaluator.Evaluate(Answer("proceed"), condition, null);
        Assert.Equal(AnalysisPhase.Error, outcome.Phase);
        Assert.StartsWith(message, outcome.Error);
    }

    [Fact]
    public void An_error_in_the_failure_condition_is_an_Error_too()
    {
        var outcome = ConditionEvaluator.Evaluate(Answer("proceed"), "result.status == \"proceed\"", "result.weight.x > 1");
        Assert.Equal(AnalysisPhase.Error, outcome.Phase);
        Assert.Equal("could not evaluate failureCondition \"result.weight.x > 1\": cannot fetch x from float64", outcome.Error);
    }

    [Fact]
    public void A_nil_result_error_says_the_provider_returned_no_data()
    {
        var outcome = ConditionEvaluator.Evaluate(null, "result.status == \"proceed\"", null);
        Assert.Equal(AnalysisPhase.Error, outcome.Phase);
        Assert.Equal("could not evaluate successCondition \"result.status == \"proceed\"\": metric result is nil or empty: no data returned from the metric provider", outcome.Error);
    }
}
