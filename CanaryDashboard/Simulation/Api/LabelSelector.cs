using System.Text.Json.Nodes;

namespace CanaryDashboard.Simulation.Api;

/// <summary>
/// A parsed <c>labelSelector</c> (or the <c>metadata.name</c>/<c>metadata.namespace</c> subset of a
/// <c>fieldSelector</c>): equality (<c>a=b</c>, <c>a==b</c>), inequality (<c>a!=b</c>), set
/// (<c>a in (x,y)</c>, <c>a notin (x)</c>) and existence (<c>a</c>, <c>!a</c>) requirements, all ANDed.
/// </summary>
public sealed class LabelSelector
{
    private readonly List<Func<Func<string, string?>, bool>> _requirements = [];

    public static LabelSelector Everything { get; } = new();

    public bool IsEmpty => _requirements.Count == 0;

    /// <summary>Parses a selector; throws <see cref="ApiException"/> (400) on a malformed one.</summary>
    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
            return selector;
        foreach (var raw in SplitTopLevel(text))
        {
            var term = raw.Trim();
            if (term.Length == 0)
                continue;
            selector._requirements.Add(ParseTerm(term, text));
        }
        return selector;
    }

    public bool Matches(Func<string, string?> valueOf) => _requirements.All(r => r(valueOf));

    public bool MatchesLabels(JsonObject obj)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        return Matches(key => Json.Str(labels?[key]));
    }

    /// <summary>Field selectors on an object: only metadata.name and metadata.namespace, as kubectl and clients use them.</summary>
    public bool MatchesFields(JsonObject obj) => Matches(path => path switch
    {
        "metadata.name" => Json.Name(obj),
        "metadata.namespace" => Json.Namespace(obj),
        _ => throw ApiException.BadRequest($"field label not supported: {path}"),
    });

    private static Func<Func<string, string?>, bool> ParseTerm(string term, string whole)
    {
        string Bad() => $"unable to parse requirement: invalid label selector '{whole}' at '{term}'";
        foreach (var (op, negate) in new[] { ("!=", true), ("==", false), ("=", false) })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
                continue;
            var key = term[..at].Trim();
            var value = term[(at + op.Length)..].Trim();
            if (key.Length == 0)
                throw ApiException.BadRequest(Bad());
            return negate ? get => get(key) != value : get => get(key) == value;
        }
        foreach (var (op, negate) in new[] { (" notin ", true), (" in ", false) })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
                continue;
            var key = term[..at].Trim();
            var set = term[(at + op.Length)..].Trim();
            if (!set.StartsWith('(') || !set.EndsWith(')'))
                throw ApiException.BadRequest(Bad());
            var values = set[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            return negate
                ? get => get(key) is not { } v || !values.Contains(v)
                : get => get(key) is { } v && values.Contains(v);
        }
        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return get => get(key) is null;
        }
        if (term.Any(char.IsWhiteSpace))
            throw ApiException.BadRequest(Bad());
        return get => get(term) is not null;
    }

    /// <summary>Splits on commas outside parentheses (<c>a in (x,y),b=c</c>).</summary>
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }
        yield return text[start..];
    }
}
