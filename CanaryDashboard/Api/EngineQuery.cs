using System.Globalization;
using System.Reflection;
using CanaryDashboard.Engine;
using Microsoft.Extensions.Primitives;

namespace CanaryDashboard.Api;

/// <summary>
/// Reads the engine API's query string strictly: numbers in invariant culture, each key once,
/// unknown keys refused (a misspelt <c>maxWeigth=50</c> must not be silently ignored), and
/// engine parameters by their camelCase names over the configured defaults. Collects every
/// problem instead of stopping at the first.
/// </summary>
internal sealed class EngineQuery
{
    /// <summary>The settable engine parameters, by camelCase query key.</summary>
    private static readonly Dictionary<string, PropertyInfo> ParameterProperties =
        typeof(EngineParameters).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.PropertyType == typeof(double))
            .ToDictionary(p => CamelCase(p.Name), StringComparer.OrdinalIgnoreCase);

    private readonly IQueryCollection _query;
    private readonly HashSet<string> _known = new(StringComparer.OrdinalIgnoreCase);

    public EngineQuery(IQueryCollection query) => _query = query;

    /// <summary>Every problem so far, by field (camelCase query key); several reasons per field are possible.</summary>
    public Dictionary<string, List<string>> Problems { get; } = new(StringComparer.Ordinal);

    public bool IsValid => Problems.Count == 0;

    public void AddProblem(string field, string reason)
    {
        if (!Problems.TryGetValue(field, out var reasons)) Problems[field] = reasons = [];
        reasons.Add(reason);
    }

    /// <summary>
    /// A required number; <c>null</c> (and a problem) when absent or unreadable. NaN and ±Infinity
    /// are numbers here: the engine itself answers them (insufficient data).
    /// </summary>
    public double? Required(string key) => Read(key, required: true, finiteOnly: false);

    /// <summary>An optional number, <paramref name="fallback"/> when absent.</summary>
    public double Optional(string key, double fallback) => Read(key, required: false) ?? fallback;

    /// <summary>An optional whole number, <paramref name="fallback"/> when absent.</summary>
    public int OptionalInt(string key, int fallback)
    {
        _known.Add(key);
        if (Single(key) is not { } text) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        AddProblem(key, $"must be a whole number (was '{text}')");
        return fallback;
    }

    /// <summary>An optional comma-separated list of numbers, <paramref name="fallback"/> when absent.</summary>
    public IReadOnlyList<double> OptionalList(string key, IReadOnlyList<double> fallback)
    {
        _known.Add(key);
        if (Single(key) is not { } text) return fallback;
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) values.Add(v);
            else AddProblem(key, $"must be a comma-separated list of finite numbers ('{part}' is not one)");
        }
        return values;
    }

    /// <summary>The engine parameters: the configured ones, overridden by any query key that names one, then validated.</summary>
    public EngineParameters Parameters(EngineParameters configured)
    {
        var parameters = configured with { };
        foreach (var (key, property) in ParameterProperties)
        {
            _known.Add(key);
            if (Read(key, required: false, finiteOnly: false) is { } value)
                property.SetValue(parameters, value); // init-only on a fresh copy: the record is ours alone
        }
        // Report under the query key the client used for the field, so the answer points at its own input.
        foreach (var problem in parameters.Validate())
            AddProblem(CamelCase(problem.Field), problem.Reason);
        return parameters;
    }

    /// <summary>Adds a problem for every query key nobody asked for. Call after reading everything.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var key in _query.Keys)
        {
            if (!_known.Contains(key))
                AddProblem(key, "is not a known parameter (known: " + string.Join(", ", _known.Order(StringComparer.Ordinal)) + ")");
        }
    }

    public IResult ProblemResult() => Results.ValidationProblem(
        Problems.ToDictionary(p => p.Key, p => p.Value.ToArray()),
        title: "The request is invalid.",
        detail: string.Join("; ", Problems.SelectMany(p => p.Value.Select(r => $"{p.Key}: {r}"))));

    private double? Read(string key, bool required, bool finiteOnly = true)
    {
        _known.Add(key);
        if (Single(key) is not { } text)
        {
            if (required && !Problems.ContainsKey(key)) AddProblem(key, "is required");
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            AddProblem(key, $"must be a number (was '{text}')");
            return null;
        }
        if (finiteOnly && !double.IsFinite(value))
        {
            AddProblem(key, $"must be a finite number (was '{text}')");
            return null;
        }
        return value;
    }

    /// <summary>The key's one value; <c>null</c> when absent. Repeats and empty values are problems.</summary>
    private string? Single(string key)
    {
        if (!_query.TryGetValue(key, out StringValues values)) return null;
        if (values.Count > 1)
        {
            AddProblem(key, $"is given {values.Count} times; give it once");
            return null;
        }
        var text = values.ToString().Trim();
        if (text.Length == 0)
        {
            AddProblem(key, "is empty; give a number or leave the key out");
            return null;
        }
        return text;
    }

    internal static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
