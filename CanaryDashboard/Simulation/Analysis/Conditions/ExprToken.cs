namespace CanaryDashboard.Simulation.Analysis.Conditions;

public enum ExprTokenKind { Number, String, Identifier, Operator, Bracket, Comma, End }

/// <summary>One token of an expr-lang condition; <see cref="Position"/> is 0-based, for messages.</summary>
public readonly record struct ExprToken(ExprTokenKind Kind, string Text, int Position)
{
    public bool Is(ExprTokenKind kind, string text) => Kind == kind && Text == text;
}
