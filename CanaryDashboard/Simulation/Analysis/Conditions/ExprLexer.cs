using System.Globalization;
using System.Text;

namespace CanaryDashboard.Simulation.Analysis.Conditions;

/// <summary>
/// Splits a condition into tokens the way expr-lang's lexer does for the subset Argo templates use
/// (github.com/expr-lang/expr/parser/lexer): numbers (with <c>_</c> separators, fractions, exponents,
/// <c>0x</c>), single- and double-quoted strings with Go escapes, identifiers (word operators such as
/// <c>and</c>, <c>in</c>, <c>not</c> are identifiers here and operators for the parser), punctuation.
/// </summary>
public static class ExprLexer
{
    private static readonly string[] Punctuation =
        ["**", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "..", "<", ">", "!", "+", "-", "*", "/", "%", "^", "?", ":", "."];

    public static List<ExprToken> Tokenize(string source)
    {
        var tokens = new List<ExprToken>();
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsAsciiDigit(c))
            {
                tokens.Add(new ExprToken(ExprTokenKind.Number, ReadNumber(source, ref i), i));
                continue;
            }
            if (c is '"' or '\'')
            {
                var start = i;
                tokens.Add(new ExprToken(ExprTokenKind.String, ReadString(source, ref i), start));
                continue;
            }
            if (char.IsLetter(c) || c is '_' or '$')
            {
                var start = i;
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] is '_' or '$'))
                    i++;
                tokens.Add(new ExprToken(ExprTokenKind.Identifier, source[start..i], start));
                continue;
            }
            if (c is '(' or ')' or '[' or ']' or '{' or '}')
            {
                tokens.Add(new ExprToken(ExprTokenKind.Bracket, c.ToString(), i++));
                continue;
            }
            if (c == ',')
            {
                tokens.Add(new ExprToken(ExprTokenKind.Comma, ",", i++));
                continue;
            }
            var op = Punctuation.FirstOrDefault(p => string.CompareOrdinal(source, i, p, 0, p.Length) == 0);
            if (op is null)
                throw new ExprException($"unrecognized character: U+{(int)c:X4} '{c}' (1:{i + 1})");
            tokens.Add(new ExprToken(ExprTokenKind.Operator, op, i));
            i += op.Length;
        }
        tokens.Add(new ExprToken(ExprTokenKind.End, "", source.Length));
        return tokens;
    }

    private static string ReadNumber(string source, ref int i)
    {
        var start = i;
        if (source[i] == '0' && i + 1 < source.Length && source[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < source.Length && (char.IsAsciiHexDigit(source[i]) || source[i] == '_')) i++;
            return source[start..i];
        }
        while (i < source.Length && (char.IsAsciiDigit(source[i]) || source[i] == '_')) i++;
        // A fraction, but not the range operator `1..3`.
        if (i + 1 < source.Length && source[i] == '.' && char.IsAsciiDigit(source[i + 1]))
        {
            i++;
            while (i < source.Length && (char.IsAsciiDigit(source[i]) || source[i] == '_')) i++;
        }
        if (i < source.Length && source[i] is 'e' or 'E')
        {
            var save = i;
            i++;
            if (i < source.Length && source[i] is '+' or '-') i++;
            if (i < source.Length && char.IsAsciiDigit(source[i]))
                while (i < source.Length && char.IsAsciiDigit(source[i])) i++;
            else
                i = save;
        }
        return source[start..i];
    }

    private static string ReadString(string source, ref int i)
    {
        var quote = source[i++];
        var text = new StringBuilder();
        while (true)
        {
            if (i >= source.Length)
                throw new ExprException("literal not terminated");
            var c = source[i++];
            if (c == quote)
                return text.ToString();
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }
            if (i >= source.Length)
                throw new ExprException("literal not terminated");
            var escape = source[i++];
            switch (escape)
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case 'a': text.Append('\a'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'v': text.Append('\v'); break;
                case '\\' or '"' or '\'': text.Append(escape); break;
                case 'u' or 'U' or 'x':
                    var digits = escape switch { 'u' => 4, 'U' => 8, _ => 2 };
                    if (i + digits > source.Length || !int.TryParse(source.AsSpan(i, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                        throw new ExprException("invalid char escape");
                    text.Append(char.ConvertFromUtf32(code));
                    i += digits;
                    break;
                default:
                    throw new ExprException("invalid char escape");
            }
        }
    }
}
