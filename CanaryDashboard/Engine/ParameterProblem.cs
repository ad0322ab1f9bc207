namespace CanaryDashboard.Engine;

/// <summary>One invalid engine parameter: its name (as in <see cref="EngineParameters"/>) and why.</summary>
public sealed record ParameterProblem(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}
