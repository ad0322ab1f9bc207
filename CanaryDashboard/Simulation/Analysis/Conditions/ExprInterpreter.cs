using System.Globalization;
using System.Text.RegularExpressions;

namespace CanaryDashboard.Simulation.Analysis.Conditions;

/// <summary>
/// Evaluates a parsed condition against an environment, with expr-lang's runtime rules
/// (github.com/expr-lang/expr/vm/runtime): <c>and</c>/<c>or</c> short-circuit and need booleans;
/// ordering compares numbers (int and float mixed) or strings, anything else is an error;
/// <c>/</c> is always a float division, <c>%</c> needs integers; a missing map key reads as nil
/// and reading a member of nil is an error (unless <c>?.</c>); negative indexes count from the end.
/// </summary>
public sealed class ExprInterpreter(IReadOnlyDictionary<string, object?> variables, IReadOnlyDictionary<string, Func<IReadOnlyList<object?>, object?>> functions)
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public object? Evaluate(ExprNode node) => node switch
    {
        LiteralNode literal => literal.Value,
        IdentifierNode identifier => variables.TryGetValue(identifier.Name, out var value)
            ? value
            : throw new ExprException($"unknown name {identifier.Name}"),
        ArrayNode array => array.Items.Select(Evaluate).ToList(),
        MemberNode member => Fetch(member),
        CallNode call => functions.TryGetValue(call.Function, out var function)
            ? function(call.Arguments.Select(Evaluate).ToList())
            : throw new ExprException($"unknown func {call.Function}"),
        UnaryNode unary => EvaluateUnary(unary),
        BinaryNode binary => EvaluateBinary(binary),
        ConditionalNode conditional => Bool(Evaluate(conditional.Condition), "?:")
            ? Evaluate(conditional.WhenTrue)
            : Evaluate(conditional.WhenFalse),
        _ => throw new ExprException($"unsupported expression {node.GetType().Name}"),
    };

    private object? Fetch(MemberNode member)
    {
        var target = Evaluate(member.Target);
        var key = Evaluate(member.Key);
        switch (target)
        {
            case null when member.Optional:
                return null;
            case Dictionary<string, object?> map when key is string name:
                return map.GetValueOrDefault(name);
            case List<object?> list when ExprValues.IsNumber(key):
                var index = (long)ExprValues.ToDouble(key);
                if (index < 0) index += list.Count;
                if (index < 0 || index >= list.Count)
                    throw new ExprException($"index out of range: {ExprValues.ToDouble(key).ToString(CultureInfo.InvariantCulture)} (array length is {list.Count})");
                return list[(int)index];
            case string text when ExprValues.IsNumber(key):
                var at = (long)ExprValues.ToDouble(key);
                if (at < 0) at += text.Length;
                if (at < 0 || at >= text.Length)
                    throw new ExprException($"index out of range: {at} (array length is {text.Length})");
                return text[(int)at].ToString();
            default:
                throw new ExprException($"cannot fetch {Format(key)} from {ExprValues.GoType(target)}");
        }
    }

    private object? EvaluateUnary(UnaryNode unary)
    {
        var operand = Evaluate(unary.Operand);
        return unary.Operator switch
        {
            "!" or "not" => !Bool(operand, unary.Operator),
            "-" => operand switch
            {
                long l => -l,
                double d => -d,
                _ => throw new ExprException($"invalid operation: - {ExprValues.GoType(operand)}"),
            },
            "+" => ExprValues.IsNumber(operand) ? operand : throw new ExprException($"invalid operation: + {ExprValues.GoType(operand)}"),
            _ => throw new ExprException($"unknown operator {unary.Operator}"),
        };
    }

    private object? EvaluateBinary(BinaryNode binary)
    {
        switch (binary.Operator)
        {
            case "and" or "&&":
                return Bool(Evaluate(binary.Left), binary.Operator) && Bool(Evaluate(binary.Right), binary.Operator);
            case "or" or "||":
                return Bool(Evaluate(binary.Left), binary.Operator) || Bool(Evaluate(binary.Right), binary.Operator);
            case "??":
                return Evaluate(binary.Left) ?? Evaluate(binary.Right);
        }
        var left = Evaluate(binary.Left);
        var right = Evaluate(binary.Right);
        return binary.Operator switch
        {
            "==" => ExprValues.Equal(left, right),
            "!=" => !ExprValues.Equal(left, right),
            "<" => Compare(left, right, "<") < 0,
            ">" => Compare(left, right, ">") > 0,
            "<=" => Compare(left, right, "<=") <= 0,
            ">=" => Compare(left, right, ">=") >= 0,
            "in" => In(left, right),
            "contains" => StringTest(left, right, "contains", (a, b) => a.Contains(b, StringComparison.Ordinal)),
            "startsWith" => StringTest(left, right, "startsWith", (a, b) => a.StartsWith(b, StringComparison.Ordinal)),
            "endsWith" => StringTest(left, right, "endsWith", (a, b) => a.EndsWith(b, StringComparison.Ordinal)),
            "matches" => Matches(left, right),
            "+" => Add(left, right),
            "-" or "*" => Arithmetic(left, right, binary.Operator),
            "/" => ExprValues.IsNumber(left) && ExprValues.IsNumber(right)
                ? ExprValues.ToDouble(left) / ExprValues.ToDouble(right)
                : throw Mismatch("/", left, right),
            "%" => left is long a && right is long b
                ? b == 0 ? throw new ExprException("integer divide by zero") : a % b
                : throw Mismatch("%", left, right),
            "**" or "^" => ExprValues.IsNumber(left) && ExprValues.IsNumber(right)
                ? Math.Pow(ExprValues.ToDouble(left), ExprValues.ToDouble(right))
                : throw Mismatch(binary.Operator, left, right),
            ".." => left is long from && right is long to
                ? Enumerable.Range(0, (int)Math.Max(0, to - from + 1)).Select(i => (object?)(from + i)).ToList()
                : throw Mismatch("..", left, right),
            _ => throw new ExprException($"unknown operator {binary.Operator}"),
        };
    }

    private static bool Bool(object? value, string op) =>
        value is bool b ? b : throw new ExprException($"invalid operation: {op} (mismatched type {ExprValues.GoType(value)}, expected bool)");

    private static int Compare(object? left, object? right, string op)
    {
        if (ExprValues.IsNumber(left) && ExprValues.IsNumber(right))
            return left is long a && right is long b ? a.CompareTo(b) : ExprValues.ToDouble(left).CompareTo(ExprValues.ToDouble(right));
        if (left is string x && right is string y)
            return string.CompareOrdinal(x, y);
        throw Mismatch(op, left, right);
    }

    private static bool In(object? needle, object? haystack) => haystack switch
    {
        List<object?> list => list.Any(item => ExprValues.Equal(needle, item)),
        Dictionary<string, object?> map => needle is string key
            ? map.ContainsKey(key)
            : throw new ExprException($"cannot use {ExprValues.GoType(needle)} as map key"),
        _ => throw new ExprException($"operator in not defined on {ExprValues.GoType(haystack)}"),
    };

    private static bool StringTest(object? left, object? right, string op, Func<string, string, bool> test) =>
        left is string a && right is string b ? test(a, b) : throw Mismatch(op, left, right);

    private static bool Matches(object? left, object? right)
    {
        if (left is not string text || right is not string pattern)
            throw Mismatch("matches", left, right);
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ExprException($"error parsing regexp: {e.Message}");
        }
    }

    private static object Add(object? left, object? right)
    {
        if (left is string a && right is string b)
            return a + b;
        return Arithmetic(left, right, "+");
    }

    private static object Arithmetic(object? left, object? right, string op)
    {
        if (left is long a && right is long b)
            return op switch { "+" => a + b, "-" => a - b, _ => a * b };
        if (ExprValues.IsNumber(left) && ExprValues.IsNumber(right))
        {
            var (x, y) = (ExprValues.ToDouble(left), ExprValues.ToDouble(right));
            return op switch { "+" => x + y, "-" => x - y, _ => x * y };
        }
        throw Mismatch(op, left, right);
    }

    private static ExprException Mismatch(string op, object? left, object? right) =>
        new($"invalid operation: {op} (mismatched types {ExprValues.GoType(left)} and {ExprValues.GoType(right)})");

    private static string Format(object? value) => value switch
    {
        null => "<nil>",
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
