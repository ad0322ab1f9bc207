namespace CanaryDashboard.Simulation.Analysis.Conditions;

/// <summary>The syntax tree of a condition (the node kinds of expr-lang's ast package that Argo conditions use).</summary>
public abstract record ExprNode;

public sealed record LiteralNode(object? Value) : ExprNode;

public sealed record IdentifierNode(string Name) : ExprNode;

/// <summary><c>a.b</c>, <c>a?.b</c>, <c>a[expr]</c>.</summary>
public sealed record MemberNode(ExprNode Target, ExprNode Key, bool Optional) : ExprNode;

public sealed record CallNode(string Function, IReadOnlyList<ExprNode> Arguments) : ExprNode;

public sealed record UnaryNode(string Operator, ExprNode Operand) : ExprNode;

public sealed record BinaryNode(string Operator, ExprNode Left, ExprNode Right) : ExprNode;

public sealed record ConditionalNode(ExprNode Condition, ExprNode WhenTrue, ExprNode WhenFalse) : ExprNode;

public sealed record ArrayNode(IReadOnlyList<ExprNode> Items) : ExprNode;
