namespace CanaryDashboard.Simulation.Analysis.Conditions;

/// <summary>
/// A condition that does not compile or cannot be evaluated, as expr-lang reports it to Argo
/// (utils/evaluate/evaluate.go turns it into an Error measurement).
/// </summary>
public sealed class ExprException(string message) : Exception(message);
