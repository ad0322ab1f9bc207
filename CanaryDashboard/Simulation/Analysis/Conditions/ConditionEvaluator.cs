namespace CanaryDashboard.Simulation.Analysis.Conditions;

/// <summary>
/// A measurement's phase from its result and the metric's conditions, exactly as Argo's
/// utils/evaluate/evaluate.go <c>EvaluateResult</c>:
/// <list type="bullet">
/// <item>no condition: Successful;</item>
/// <item>only <c>successCondition</c>: Successful when true, otherwise Failed;</item>
/// <item>only <c>failureCondition</c>: Failed when true, otherwise Successful;</item>
/// <item>both: Failed when the failure condition holds, else Successful when the success condition holds, else Inconclusive;</item>
/// <item>a condition that does not compile, cannot be evaluated or is not a boolean: Error (with the reason).</item>
/// </list>
/// </summary>
public static class ConditionEvaluator
{
    public readonly record struct Outcome(string Phase, string? Error);

    public static Outcome Evaluate(object? result, string? successCondition, string? failureCondition)
    {
        var success = false;
        var failure = false;
        var hasSuccess = !string.IsNullOrEmpty(successCondition);
        var hasFailure = !string.IsNullOrEmpty(failureCondition);
        if (hasSuccess)
        {
            try { success = EvalCondition(result, successCondition!); }
            catch (ExprException e) { return new Outcome(AnalysisPhase.Error, FormatError(e, "successCondition", successCondition!, result)); }
        }
        if (hasFailure)
        {
            try { failure = EvalCondition(result, failureCondition!); }
            catch (ExprException e) { return new Outcome(AnalysisPhase.Error, FormatError(e, "failureCondition", failureCondition!, result)); }
        }

        switch (hasSuccess, hasFailure)
        {
            case (false, false):
                return new Outcome(AnalysisPhase.Successful, null);
            case (true, false):
                failure = !success;   // without a failure condition, not succeeding is failing
                break;
            case (false, true):
                success = !failure;   // without a success condition, not failing is succeeding
                break;
        }
        if (failure)
            return new Outcome(AnalysisPhase.Failed, null);
        return success ? new Outcome(AnalysisPhase.Successful, null) : new Outcome(AnalysisPhase.Inconclusive, null);
    }

    /// <summary>evaluate.go <c>EvalCondition</c>: the condition must give a boolean.</summary>
    public static bool EvalCondition(object? result, string condition)
    {
        var tree = ExprParser.Parse(condition);
        var interpreter = new ExprInterpreter(
            new Dictionary<string, object?>(StringComparer.Ordinal) { ["result"] = result },
            ConditionFunctions.For(result));
        return interpreter.Evaluate(tree) switch
        {
            bool b => b,
            var other => throw new ExprException($"expected bool, but got {ExprValues.GoType(other)}"),
        };
    }

    /// <summary>evaluate.go <c>formatEvalError</c>: names the condition, and says so when the provider returned no data.</summary>
    private static string FormatError(ExprException error, string conditionType, string expression, object? result) =>
        result is null || result is List<object?> { Count: 0 }
            ? $"could not evaluate {conditionType} \"{expression}\": metric result is nil or empty: no data returned from the metric provider"
            : $"could not evaluate {conditionType} \"{expression}\": {error.Message}";
}
