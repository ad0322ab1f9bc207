using System.Globalization;
using System.Text;

namespace CanaryDashboard.Simulation.Analysis.Conditions;

/// <summary>
/// Go's <c>json.Marshal</c> of a decoded value, which is what Argo's web provider stores as a
/// measurement's <c>value</c> (metricproviders/webmetric/webmetric.go <c>getValue</c>): object keys
/// sorted, <c>&lt; &gt; &amp;</c> escaped as <c>\u003c</c> …, floats in Go's shortest form
/// (<c>35</c>, <c>35.2</c>, <c>1e+21</c>, <c>1e-7</c>).
/// </summary>
public static class GoJson
{
    public static string Marshal(object? value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    private static void Write(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null: text.Append("null"); break;
            case bool b: text.Append(b ? "true" : "false"); break;
            case long l: text.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: text.Append(Float(d)); break;
            case string s: WriteString(text, s); break;
            case List<object?> list:
                text.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) text.Append(',');
                    Write(text, list[i]);
                }
                text.Append(']');
                break;
            case Dictionary<string, object?> map:
                text.Append('{');
                var first = true;
                foreach (var key in map.Keys.Order(StringComparer.Ordinal))
                {
                    if (!first) text.Append(',');
                    first = false;
                    WriteString(text, key);
                    text.Append(':');
                    Write(text, map[key]);
                }
                text.Append('}');
                break;
            default:
                WriteString(text, value.ToString() ?? "");
                break;
        }
    }

    /// <summary>Go's encoding/json float64: <c>'f'</c> format between 1e-6 and 1e21, else <c>'e'</c> with <c>e-09</c> → <c>e-9</c>.</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new ArgumentException($"json: unsupported value: {value}");
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var abs = Math.Abs(value);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            var e = shortest.Replace('E', 'e');
            if (!e.Contains('e')) e = value.ToString("0.################e+00", CultureInfo.InvariantCulture);
            return e.Length >= 4 && e[^4] == 'e' && e[^3] == '-' && e[^2] == '0' ? e[..^2] + e[^1] : e;
        }
        var exponentAt = shortest.IndexOfAny(['E', 'e']);
        if (exponentAt < 0)
            return shortest;
        // .NET wrote an exponent Go would not: spell the digits out.
        var mantissa = shortest[..exponentAt];
        var exponent = int.Parse(shortest[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var negative = mantissa.StartsWith('-');
        var digits = mantissa.TrimStart('-').Replace(".", "", StringComparison.Ordinal);
        var point = mantissa.TrimStart('-').IndexOf('.') is var p and >= 0 ? p + exponent : 1 + exponent;
        string fixedText;
        if (point <= 0)
            fixedText = "0." + new string('0', -point) + digits;
        else if (point >= digits.Length)
            fixedText = digits + new string('0', point - digits.Length);
        else
            fixedText = digits[..point] + "." + digits[point..];
        return negative ? "-" + fixedText : fixedText;
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20)
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }
}
