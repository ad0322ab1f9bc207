using System.Globalization;
using System.Text;
using CanaryDashboard.Simulation.Analysis.Conditions;

namespace CanaryDashboard.Simulation.Analysis.JsonPath;

/// <summary>
/// The Kubernetes JSONPath template Argo's web provider uses (k8s.io/client-go/util/jsonpath, as
/// called by metricproviders/webmetric/webmetric.go): text with <c>{…}</c> actions such as
/// <c>{$.weight}</c>, <c>{.a.b}</c>, <c>{$.items[0].x}</c>, <c>{$['a-b']}</c>, <c>{.items[*].name}</c>,
/// <c>{.items[-1]}</c>, <c>{.items[1:3]}</c> and <c>{$}</c>. A missing key is an error
/// (<c>weight is not found</c>), a JSON null is a value. Filters, unions, recursive descent and
/// <c>range</c> are refused when parsed (the measurement is an Error naming them).
/// </summary>
public sealed class KubeJsonPath
{
    private readonly IReadOnlyList<Segment> _segments;

    private KubeJsonPath(IReadOnlyList<Segment> segments) => _segments = segments;

    private abstract record Step;
    private sealed record FieldStep(string Name) : Step;
    private sealed record WildcardStep : Step;
    private sealed record SliceStep(int? Start, int? End, int? Stride, bool Single) : Step;

    private abstract record Segment;
    private sealed record TextSegment(string Text) : Segment;
    private sealed record ActionSegment(IReadOnlyList<Step> Steps) : Segment;

    /// <summary>Parses a template; Argo's default when the metric sets none is <c>{$}</c>.</summary>
    public static KubeJsonPath Parse(string? template)
    {
        template = string.IsNullOrEmpty(template) ? "{$}" : template;
        var segments = new List<Segment>();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                segments.Add(new TextSegment(template[i..]));
                break;
            }
            if (open > i)
                segments.Add(new TextSegment(template[i..open]));
            var close = template.IndexOf('}', open + 1);
            if (close < 0)
                throw new FormatException($"unclosed action in jsonpath template {template}");
            segments.Add(ParseAction(template[(open + 1)..close].Trim()));
            i = close + 1;
        }
        return new KubeJsonPath(segments);
    }

    /// <summary>
    /// jsonpath.FindResults: one list of values per segment of the template (a text segment gives
    /// its text). Values are Go-decoded JSON (<see cref="ExprValues.FromJson"/>).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<object?>> FindResults(object? data)
    {
        var all = new List<IReadOnlyList<object?>>();
        foreach (var segment in _segments)
        {
            if (segment is TextSegment text)
            {
                all.Add([text.Text]);
                continue;
            }
            var current = new List<object?> { data };
            foreach (var step in ((ActionSegment)segment).Steps)
                current = Apply(current, step);
            all.Add(current);
        }
        return all;
    }

    private static List<object?> Apply(List<object?> input, Step step)
    {
        var results = new List<object?>();
        switch (step)
        {
            case FieldStep field:
                foreach (var value in input)
                {
                    // A nil is skipped, a non-map has no fields; a map key holding null is a value.
                    if (value is Dictionary<string, object?> map && map.TryGetValue(field.Name, out var found))
                        results.Add(found);
                }
                if (results.Count == 0 && input.Count > 0)
                    throw new FormatException($"{field.Name} is not found");
                return results;
            case WildcardStep:
                foreach (var value in input)
                {
                    if (value is Dictionary<string, object?> map) results.AddRange(map.Values);
                    else if (value is List<object?> list) results.AddRange(list);
                }
                return results;
            case SliceStep slice:
                foreach (var value in input)
                {
                    if (value is null)
                        continue;
                    if (value is not List<object?> list)
                        throw new FormatException($"{ExprValues.GoType(value)} is not array or slice");
                    var length = list.Count;
                    var start = slice.Start ?? 0;
                    if (start < 0) start += length;
                    var end = slice.End ?? length;
                    if (end < 0 || end == 0 && slice.Single) end += length;
                    if (end == start)
                        return results;
                    if (start >= length || start < 0)
                        throw new FormatException($"array index out of bounds: index {start}, length {length}");
                    if (end > length || end < 0)
                        throw new FormatException($"array index out of bounds: index {end - 1}, length {length}");
                    if (start > end)
                        throw new FormatException($"starting index {start} is greater than ending index {end}");
                    var stride = slice.Stride ?? 1;
                    if (stride <= 0)
                        throw new FormatException("step must be > 0");
                    for (var k = start; k < end; k += stride)
                        results.Add(list[k]);
                }
                return results;
            default:
                throw new FormatException("unsupported jsonpath step");
        }
    }

    private static ActionSegment ParseAction(string action)
    {
        var steps = new List<Step>();
        var i = 0;
        if (i < action.Length && action[i] is '$' or '@')
            i++;
        while (i < action.Length)
        {
            var c = action[i];
            if (c == '.')
            {
                if (i + 1 < action.Length && action[i + 1] == '.')
                    throw Unsupported(action, "recursive descent (..)");
                i++;
                if (i < action.Length && action[i] == '*')
                {
                    steps.Add(new WildcardStep());
                    i++;
                    continue;
                }
                var name = new StringBuilder();
                while (i < action.Length && action[i] is not ('.' or '[' or ' '))
                {
                    if (action[i] == '\\' && i + 1 < action.Length) i++;   // `\.` keeps a dot in a key
                    name.Append(action[i++]);
                }
                if (name.Length > 0)
                    steps.Add(new FieldStep(name.ToString()));
                continue;
            }
            if (c == '[')
            {
                var close = action.IndexOf(']', i);
                if (close < 0)
                    throw new FormatException($"unterminated array in jsonpath {action}");
                steps.Add(ParseBracket(action, action[(i + 1)..close].Trim()));
                i = close + 1;
                continue;
            }
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (action[i..].StartsWith("range", StringComparison.Ordinal) || action[i..].StartsWith("end", StringComparison.Ordinal))
                throw Unsupported(action, "range/end");
            if (c == '"')
                throw Unsupported(action, "quoted text");
            throw new FormatException($"unrecognized character in action: U+{(int)c:X4} '{c}' in {action}");
        }
        return new ActionSegment(steps);
    }

    private static Step ParseBracket(string action, string inner)
    {
        if (inner == "*")
            return new WildcardStep();
        if (inner.StartsWith('?'))
            throw Unsupported(action, "filters [?()]");
        if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
        {
            if (inner.Contains(','))
                throw Unsupported(action, "unions [,]");
            return new FieldStep(inner[1..^1]);
        }
        if (inner.Contains(','))
            throw Unsupported(action, "unions [,]");
        var parts = inner.Split(':');
        if (parts.Length > 3)
            throw new FormatException($"invalid array index {inner}");
        var numbers = parts.Select(p => p.Trim()).Select(p => p.Length == 0
            ? (int?)null
            : int.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"invalid array index {inner}")).ToArray();
        if (parts.Length == 1)
        {
            if (numbers[0] is not { } index)
                throw new FormatException($"invalid array index {inner}");
            return new SliceStep(index, index + 1, null, Single: true);
        }
        return new SliceStep(numbers[0], numbers[1], parts.Length == 3 ? numbers[2] : null, Single: false);
    }

    private static FormatException Unsupported(string action, string what) =>
        new($"jsonpath {{{action}}}: {what} is not supported by the simulated web provider");
}
