using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CanaryDashboard.Simulation.Analysis.Runs;

/// <summary>
/// Kubernetes' <c>intstr.IntOrString</c> as Argo reads a metric's <c>count</c>, <c>failureLimit</c>,
/// … : absent is null; a number is itself; a string (e.g. after <c>{{args.limit}}</c>) is
/// <c>IntValue()</c>, Go's <c>strconv.Atoi</c> with 0 when it is not a number.
/// </summary>
public static class IntOrString
{
    public static int? Read(JsonNode? node)
    {
        if (node is not JsonValue value)
            return null;
        return value.GetValueKind() switch
        {
            JsonValueKind.Number => value.TryGetValue<int>(out var i) ? i : (int)value.GetValue<double>(),
            JsonValueKind.String => int.TryParse(value.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0,
            _ => null,
        };
    }
}
