using System.Text;

namespace CanaryDashboard.Prometheus;

/// <summary>Builds the pieces of PromQL the batch needs, escaping label values so no rollout name can change a query's meaning.</summary>
internal static class PromQl
{
    /// <summary>A double-quoted PromQL string literal.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '"': builder.Append("\\\""); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>An RE2 alternation that matches exactly these values (PromQL anchors regex matchers itself).</summary>
    public static string Alternation(IEnumerable<string> values) =>
        string.Join("|", values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(EscapeRegex));

    /// <summary>A label matcher: <c>=</c> for one value, <c>=~</c> with an escaped alternation for several.</summary>
    public static string Matcher(string label, IReadOnlyCollection<string> values) =>
        values.Distinct(StringComparer.Ordinal).Count() == 1
            ? $"{label}={Quote(values.First())}"
            : $"{label}=~{Quote(Alternation(values))}";

    private static string EscapeRegex(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (@"\.+*?()|[]{}^$".Contains(c)) builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }
}
