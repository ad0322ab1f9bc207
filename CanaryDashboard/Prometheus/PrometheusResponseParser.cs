using System.Globalization;
using System.Net;
using System.Text.Json;

namespace CanaryDashboard.Prometheus;

/// <summary>
/// Reads the Prometheus HTTP API envelope (<c>{"status","data":{"resultType","result"},"warnings","errorType","error"}</c>)
/// defensively: every shape it does not expect becomes a failure with a reason, never an exception.
/// </summary>
internal static class PrometheusResponseParser
{
    public static PrometheusQueryResult Parse(string query, HttpStatusCode status, string body, string expectedType)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return (int)status is >= 200 and < 300
                ? Invalid(query, status, $"the answer is not JSON ({ex.Message}): {Excerpt(body)}")
                : PrometheusQueryResult.Failed(query, QueryFailureKind.HttpStatus, $"HTTP {(int)status} {status}: {Excerpt(body)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Invalid(query, status, $"the answer is JSON but not an object: {Excerpt(body)}");

            var warnings = ReadWarnings(root);
            var apiStatus = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (apiStatus == "error")
            {
                var errorType = root.TryGetProperty("errorType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "unknown";
                var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : "(no message)";
                return PrometheusQueryResult.Failed(query, QueryFailureKind.PrometheusError,
                    $"Prometheus error {errorType} (HTTP {(int)status}): {error}", warnings);
            }
            if ((int)status is < 200 or >= 300)
                return PrometheusQueryResult.Failed(query, QueryFailureKind.HttpStatus, $"HTTP {(int)status} {status}: {Excerpt(body)}", warnings);
            if (apiStatus != "success")
                return Invalid(query, status, $"\"status\" is '{apiStatus ?? "missing"}', expected 'success' or 'error'", warnings);

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                return Invalid(query, status, "\"data\" is missing", warnings);
            var resultType = data.TryGetProperty("resultType", out var rt) && rt.ValueKind == JsonValueKind.String ? rt.GetString() : null;
            if (resultType != expectedType)
                return PrometheusQueryResult.Failed(query, QueryFailureKind.UnexpectedResultType,
                    $"expected a {expectedType}, Prometheus returned a {resultType ?? "result without a type"}" +
                    (expectedType == "vector" ? " (the query template must aggregate to one sample per rollout and version)" : ""),
                    warnings);
            if (!data.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
                return Invalid(query, status, "\"data.result\" is not an array", warnings);

            try
            {
                return expectedType == "vector"
                    ? new PrometheusQueryResult { Query = query, ResultType = resultType, Vector = ReadVector(result), Warnings = warnings }
                    : new PrometheusQueryResult { Query = query, ResultType = resultType, Matrix = ReadMatrix(result), Warnings = warnings };
            }
            catch (FormatException ex)
            {
                return Invalid(query, status, ex.Message, warnings);
            }
        }
    }

    /// <summary>Sample values are strings: a decimal number, <c>NaN</c>, <c>+Inf</c> or <c>-Inf</c>.</summary>
    public static bool TryParseValue(string? text, out double value)
    {
        switch (text)
        {
            case "NaN": value = double.NaN; return true;
            case "+Inf" or "Inf": value = double.PositiveInfinity; return true;
            case "-Inf": value = double.NegativeInfinity; return true;
            default: return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static PrometheusQueryResult Invalid(string query, HttpStatusCode status, string why, IReadOnlyList<string>? warnings = null) =>
        PrometheusQueryResult.Failed(query, QueryFailureKind.InvalidResponse, $"unexpected answer (HTTP {(int)status}): {why}", warnings);

    private static IReadOnlyList<string> ReadWarnings(JsonElement root)
    {
        var warnings = new List<string>();
        foreach (var name in (string[])["warnings", "infos"])
        {
            if (root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
                warnings.AddRange(list.EnumerateArray().Where(w => w.ValueKind == JsonValueKind.String).Select(w => w.GetString()!));
        }
        return warnings;
    }

    private static List<PromSample> ReadVector(JsonElement result)
    {
        var samples = new List<PromSample>();
        foreach (var element in result.EnumerateArray())
        {
            var labels = ReadLabels(element);
            if (!element.TryGetProperty("value", out var pair))
                throw new FormatException($"a vector element has no \"value\" (labels {Describe(labels)})");
            var (at, value) = ReadPoint(pair, labels);
            samples.Add(new PromSample(labels, value, at));
        }
        return samples;
    }

    private static List<PromSeries> ReadMatrix(JsonElement result)
    {
        var series = new List<PromSeries>();
        foreach (var element in result.EnumerateArray())
        {
            var labels = ReadLabels(element);
            var points = new List<PromPoint>();
            if (element.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array)
            {
                foreach (var pair in values.EnumerateArray())
                {
                    var (at, value) = ReadPoint(pair, labels);
                    points.Add(new PromPoint(at, value));
                }
            }
            series.Add(new PromSeries(labels, points));
        }
        return series;
    }

    private static Dictionary<string, string> ReadLabels(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new FormatException("a result element is not an object");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("metric", out var metric) && metric.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in metric.EnumerateObject())
                labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString()! : label.Value.GetRawText();
        }
        return labels;
    }

    private static (DateTimeOffset At, double Value) ReadPoint(JsonElement pair, IReadOnlyDictionary<string, string> labels)
    {
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[0].ValueKind != JsonValueKind.Number)
            throw new FormatException($"a sample is not [time, \"value\"] (labels {Describe(labels)}): {Excerpt(pair.GetRawText())}");
        var seconds = pair[0].GetDouble();
        var text = pair[1].ValueKind == JsonValueKind.String ? pair[1].GetString() : pair[1].GetRawText();
        if (!TryParseValue(text, out var value))
            throw new FormatException($"a sample value is not a number (labels {Describe(labels)}): '{Excerpt(text ?? "")}'");
        return (DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)), value);
    }

    internal static string Describe(IReadOnlyDictionary<string, string> labels) =>
        "{" + string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";

    internal static string Excerpt(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= 200 ? flat : flat[..200] + "…";
    }
}
