using System.Text.Json;
using System.Text.Json.Nodes;

namespace CanaryDashboard.Simulation.Analysis.Conditions;

/// <summary>
/// The values a condition sees, as Go's <c>encoding/json</c> gives them to Argo: objects are
/// <c>map[string]interface{}</c> (<see cref="Dictionary{TKey,TValue}"/>), arrays <c>[]interface{}</c>
/// (<see cref="List{T}"/>), every JSON number is a <c>float64</c> (<see cref="double"/>); integer
/// literals in a condition are <c>int</c> (<see cref="long"/>).
/// </summary>
public static class ExprValues
{
    /// <summary>A JSON value as Go's <c>json.Unmarshal</c> into <c>interface{}</c> gives it.</summary>
    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(kv => kv.Key, kv => FromJson(kv.Value), StringComparer.Ordinal),
        JsonArray array => array.Select(FromJson).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };

    public static bool IsNumber(object? value) => value is long or double;

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        _ => throw new InvalidCastException(),
    };

    /// <summary>Go's <c>%T</c> of the value, for messages that read like expr-lang's.</summary>
    public static string GoType(object? value) => value switch
    {
        null => "<nil>",
        bool => "bool",
        long => "int",
        double => "float64",
        string => "string",
        List<object?> => "[]interface {}",
        Dictionary<string, object?> => "map[string]interface {}",
        _ => value.GetType().Name,
    };

    /// <summary>
    /// expr-lang's <c>runtime.Equal</c>: numbers of either kind compare by value, other values as
    /// Go's <c>reflect.DeepEqual</c> (so <c>"1" == 1</c> is false, never an error).
    /// </summary>
    public static bool Equal(object? left, object? right)
    {
        if (IsNumber(left) && IsNumber(right))
            return left is long a && right is long b ? a == b : ToDouble(left) == ToDouble(right);
        return DeepEqual(left, right);
    }

    private static bool DeepEqual(object? left, object? right) => (left, right) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (List<object?> a, List<object?> b) => a.Count == b.Count && a.Zip(b).All(p => DeepEqual(p.First, p.Second)),
        (Dictionary<string, object?> a, Dictionary<string, object?> b) =>
            a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && DeepEqual(kv.Value, other)),
        _ => left.GetType() == right.GetType() && left.Equals(right),
    };
}
