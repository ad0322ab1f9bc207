using System.Globalization;

namespace CanaryDashboard.Simulation.Analysis.Conditions;

/// <summary>
/// Parses a condition with expr-lang's operator precedence and associativity
/// (github.com/expr-lang/expr/parser/operator/operator.go, parser.go parseExpression):
/// <c>or ||</c> 10, <c>and &amp;&amp;</c> 15, comparisons and <c>in matches contains startsWith endsWith</c> 20,
/// <c>..</c> 25, <c>+ -</c> 30, <c>* / %</c> 60, <c>** ^</c> 100 (right), <c>??</c> 500; unary <c>not !</c> 50
/// and <c>- +</c> 90 (so <c>!a == b</c> is <c>(!a) == b</c>, as in expr); <c>not in</c> etc. negate; the
/// ternary <c>?:</c> lowest. Literals: numbers (integers stay integers), strings, <c>true false nil</c>,
/// arrays <c>[…]</c>. Member access <c>.x</c>, <c>?.x</c>, <c>[i]</c>; calls <c>f(…)</c>.
/// </summary>
public sealed class ExprParser
{
    private static readonly Dictionary<string, (int Precedence, bool RightAssociative)> Binary = new()
    {
        ["or"] = (10, false), ["||"] = (10, false),
        ["and"] = (15, false), ["&&"] = (15, false),
        ["=="] = (20, false), ["!="] = (20, false), ["<"] = (20, false), [">"] = (20, false),
        [">="] = (20, false), ["<="] = (20, false), ["in"] = (20, false), ["matches"] = (20, false),
        ["contains"] = (20, false), ["startsWith"] = (20, false), ["endsWith"] = (20, false),
        [".."] = (25, false),
        ["+"] = (30, false), ["-"] = (30, false),
        ["*"] = (60, false), ["/"] = (60, false), ["%"] = (60, false),
        ["**"] = (100, true), ["^"] = (100, true),
        ["??"] = (500, false),
    };

    private static readonly Dictionary<string, int> Unary = new() { ["not"] = 50, ["!"] = 50, ["-"] = 90, ["+"] = 90 };

    private static readonly HashSet<string> NegatableSuffixes = ["contains", "matches", "startsWith", "endsWith", "in"];

    private readonly List<ExprToken> _tokens;
    private int _position;

    private ExprParser(string source) => _tokens = ExprLexer.Tokenize(source);

    public static ExprNode Parse(string source)
    {
        var parser = new ExprParser(source);
        var node = parser.ParseExpression(0);
        if (parser.Current.Kind != ExprTokenKind.End)
            throw parser.Unexpected();
        return node;
    }

    private ExprToken Current => _tokens[_position];

    private ExprToken Peek => _tokens[Math.Min(_position + 1, _tokens.Count - 1)];

    private void Next() => _position = Math.Min(_position + 1, _tokens.Count - 1);

    private bool IsOperator(ExprToken token) =>
        token.Kind == ExprTokenKind.Operator || token.Kind == ExprTokenKind.Identifier && (Binary.ContainsKey(token.Text) || token.Text == "not");

    private ExprNode ParseExpression(int precedence)
    {
        var left = ParsePrimary();
        var previous = "";
        while (IsOperator(Current))
        {
            var negate = Current.Text == "not";
            var op = Current;
            if (negate)
            {
                if (!NegatableSuffixes.Contains(Peek.Text))
                    throw Unexpected();
                op = Peek;
            }
            if (!Binary.TryGetValue(op.Text, out var info) || previous == "??" || info.Precedence < precedence)
                break;
            if (negate) Next();
            Next();
            var right = ParseExpression(info.RightAssociative ? info.Precedence : info.Precedence + 1);
            left = new BinaryNode(op.Text, left, right);
            if (negate)
                left = new UnaryNode("not", left);
            previous = op.Text;
        }
        if (precedence == 0 && Current.Is(ExprTokenKind.Operator, "?"))
        {
            Next();
            var whenTrue = ParseExpression(0);
            Expect(ExprTokenKind.Operator, ":");
            var whenFalse = ParseExpression(0);
            left = new ConditionalNode(left, whenTrue, whenFalse);
        }
        return left;
    }

    private ExprNode ParsePrimary()
    {
        var token = Current;
        if ((token.Kind == ExprTokenKind.Operator || token.Kind == ExprTokenKind.Identifier && token.Text == "not")
            && Unary.TryGetValue(token.Text, out var precedence))
        {
            Next();
            var operand = ParseExpression(precedence);
            return ParsePostfix(new UnaryNode(token.Text, operand));
        }
        if (token.Is(ExprTokenKind.Bracket, "("))
        {
            Next();
            var inner = ParseExpression(0);
            Expect(ExprTokenKind.Bracket, ")");
            return ParsePostfix(inner);
        }
        return ParsePostfix(ParseSecondary());
    }

    private ExprNode ParseSecondary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case ExprTokenKind.Number:
                Next();
                return new LiteralNode(ParseNumber(token));
            case ExprTokenKind.String:
                Next();
                return new LiteralNode(token.Text);
            case ExprTokenKind.Identifier:
                Next();
                switch (token.Text)
                {
                    case "true": return new LiteralNode(true);
                    case "false": return new LiteralNode(false);
                    case "nil": return new LiteralNode(null);
                }
                if (Current.Is(ExprTokenKind.Bracket, "("))
                    return new CallNode(token.Text, ParseArguments());
                return new IdentifierNode(token.Text);
            case ExprTokenKind.Bracket when token.Text == "[":
                Next();
                var items = new List<ExprNode>();
                while (!Current.Is(ExprTokenKind.Bracket, "]"))
                {
                    items.Add(ParseExpression(0));
                    if (Current.Kind != ExprTokenKind.Comma)
                        break;
                    Next();
                }
                Expect(ExprTokenKind.Bracket, "]");
                return new ArrayNode(items);
            default:
                throw Unexpected();
        }
    }

    private List<ExprNode> ParseArguments()
    {
        Expect(ExprTokenKind.Bracket, "(");
        var arguments = new List<ExprNode>();
        while (!Current.Is(ExprTokenKind.Bracket, ")"))
        {
            arguments.Add(ParseExpression(0));
            if (Current.Kind != ExprTokenKind.Comma)
                break;
            Next();
        }
        Expect(ExprTokenKind.Bracket, ")");
        return arguments;
    }

    private ExprNode ParsePostfix(ExprNode node)
    {
        while (true)
        {
            var token = Current;
            if (token.Kind == ExprTokenKind.Operator && token.Text is "." or "?.")
            {
                Next();
                var name = Current;
                if (name.Kind != ExprTokenKind.Identifier)
                    throw Unexpected();
                Next();
                node = new MemberNode(node, new LiteralNode(name.Text), token.Text == "?.");
            }
            else if (token.Is(ExprTokenKind.Bracket, "["))
            {
                Next();
                var key = ParseExpression(0);
                Expect(ExprTokenKind.Bracket, "]");
                node = new MemberNode(node, key, false);
            }
            else
            {
                return node;
            }
        }
    }

    private void Expect(ExprTokenKind kind, string text)
    {
        if (!Current.Is(kind, text))
            throw Unexpected();
        Next();
    }

    private ExprException Unexpected() =>
        Current.Kind == ExprTokenKind.End
            ? new ExprException($"unexpected end of expression (1:{Current.Position + 1})")
            : new ExprException($"unexpected token {Current.Kind}(\"{Current.Text}\") (1:{Current.Position + 1})");

    private static object ParseNumber(ExprToken token)
    {
        var text = token.Text.Replace("_", "", StringComparison.Ordinal);
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
            return hex;
        if (!text.Contains('.') && !text.Contains('e') && !text.Contains('E') && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
            return integer;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            return real;
        throw new ExprException($"invalid number {token.Text} (1:{token.Position + 1})");
    }
}
