using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryDashboard.Simulation.Analysis.Conditions;
using CanaryDashboard.Simulation.Analysis.JsonPath;
using CanaryDashboard.Simulation.Analysis.Runs;
using CanaryDashboard.Simulation.Api;

namespace CanaryDashboard.Simulation.Analysis.Providers;

/// <summary>
/// Argo's web metric provider (metricproviders/webmetric/webmetric.go), really over HTTP but only
/// to loopback: <c>method</c> (GET by default; <c>body</c>/<c>jsonBody</c> only with POST or PUT,
/// never both), <c>headers</c>, <c>timeoutSeconds</c> (default 10, on the injected clock),
/// <c>jsonPath</c> (default <c>{$}</c>). A non-2xx answer, a timeout, a connection failure or an
/// unresolvable URL is an Error measurement. A JSON body goes through the jsonPath and its first
/// value is <c>result</c> (its Go JSON is the measurement's value); a body that is not JSON is
/// evaluated as a string, as webmetric.go <c>parseResponse</c> does.
/// </summary>
public sealed class WebMetricProvider(ClusterDns dns, LoopbackHttp http, KubeJsonPath jsonPath, TimeProvider time) : IMetricProvider
{
    /// <summary>webmetric.go <c>NewWebMetricHttpClient</c>: 10 s unless <c>timeoutSeconds</c> is positive.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public string Type => "Web";

    public async Task<Measurement> RunAsync(JsonObject run, MetricSpec metric, CancellationToken cancellationToken)
    {
        var measurement = new Measurement("", time.GetUtcNow());
        var web = metric.Provider["web"] as JsonObject ?? [];
        var method = Json.Str(web["method"]) is { Length: > 0 } m ? m : "GET";
        var url = Json.Str(web["url"]) ?? "";
        var body = Json.Str(web["body"]) ?? "";
        var jsonBody = web["jsonBody"];

        if (body.Length > 0 && jsonBody is not null)
            return Error(measurement, "use either Body or JSONBody; both cannot exists for WebMetric payload");
        if ((body.Length > 0 || jsonBody is not null) && method == "GET")
            return Error(measurement, "Body/JSONBody can only be used with POST or PUT WebMetric Method types");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return Error(measurement, $"parse \"{url}\": not an absolute http(s) URL");

        var seconds = Json.Long(web["timeoutSeconds"]) ?? 0;
        var timeout = seconds <= 0 ? DefaultTimeout : TimeSpan.FromSeconds(seconds);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var operation = method[..1].ToUpperInvariant() + method[1..].ToLowerInvariant();   // Go's url.Error: Get "…": …

        try
        {
            var resolved = await dns.ResolveAsync(uri, linked.Token).ConfigureAwait(false);
            if (resolved.Target is not { } target)
                return Error(measurement, resolved.Error!);

            using var request = new HttpRequestMessage(new HttpMethod(method), target);
            request.Headers.Host = uri.Authority;   // what a pod calling the Service would send
            if (body.Length > 0)
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            else if (jsonBody is not null)
                request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(jsonBody));
            foreach (var header in (web["headers"] as JsonArray)?.OfType<JsonObject>() ?? [])
                SetHeader(request, Json.Str(header["key"]) ?? "", Json.Str(header["value"]) ?? "");
            if (jsonBody is not null)
                request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json");

            using var response = await http.Client(Json.Bool(web["insecure"]) == true)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (code is < 200 or >= 300)
                return Error(measurement, $"received non 2xx response code: {code}");

            byte[] bytes;
            try
            {
                bytes = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return Error(measurement, $"Received no bytes in response: {(deadline.IsCancellationRequested ? "context deadline exceeded (Client.Timeout or context cancellation while reading body)" : e.Message)}");
            }
            return Evaluate(measurement, metric, bytes);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Error(measurement, $"{operation} \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (HttpRequestException e)
        {
            return Error(measurement, $"{operation} \"{url}\": {e.Message}");
        }
    }

    /// <summary>webmetric.go <c>parseResponse</c> and <c>getValue</c>.</summary>
    private Measurement Evaluate(Measurement measurement, MetricSpec metric, byte[] bytes)
    {
        object? data;
        try
        {
            data = ExprValues.FromJson(JsonNode.Parse(bytes));
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // Not JSON: the whole body is the result, as a string.
            var text = Encoding.UTF8.GetString(bytes);
            var outcome = ConditionEvaluator.Evaluate(text, metric.SuccessCondition, metric.FailureCondition);
            return outcome.Error is { } error
                ? Error(measurement, error)
                : measurement with { Phase = outcome.Phase, Value = text, FinishedAt = time.GetUtcNow() };
        }

        IReadOnlyList<IReadOnlyList<object?>> results;
        try
        {
            results = jsonPath.FindResults(data);
        }
        catch (FormatException e)
        {
            return Error(measurement, $"Could not find JSONPath in body: {e.Message}");
        }
        if (results.FirstOrDefault(r => r.Count > 0) is not { } first)
            return Error(measurement, "result of web metric produced no value");
        var value = first[0];
        var evaluated = ConditionEvaluator.Evaluate(value, metric.SuccessCondition, metric.FailureCondition);
        if (evaluated.Error is { } evaluationError)
            return Error(measurement, evaluationError);
        return measurement with { Phase = evaluated.Phase, Value = GoJson.Marshal(value), FinishedAt = time.GetUtcNow() };
    }

    private Measurement Error(Measurement measurement, string message) => measurement.AsError(message, time.GetUtcNow());

    /// <summary>Go's <c>Header.Set</c>: one value per key, the last one wins.</summary>
    private static void SetHeader(HttpRequestMessage request, string key, string value)
    {
        if (key.Length == 0)
            return;
        if (request.Content is { } content && IsContentHeader(key))
        {
            content.Headers.Remove(key);
            content.Headers.TryAddWithoutValidation(key, value);
            return;
        }
        request.Headers.Remove(key);
        request.Headers.TryAddWithoutValidation(key, value);
    }

    private static bool IsContentHeader(string key) =>
        key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || key.Equals("Expires", StringComparison.OrdinalIgnoreCase)
        || key.Equals("Last-Modified", StringComparison.OrdinalIgnoreCase) || key.Equals("Allow", StringComparison.OrdinalIgnoreCase);
}
