using System.Globalization;
using System.Net.Sockets;
using CanaryDashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Prometheus;

/// <summary>
/// Typed client of the Prometheus HTTP API. Every call returns a <see cref="PrometheusQueryResult"/>
/// and never throws, except <see cref="OperationCanceledException"/> when the caller cancels.
/// Queries are sent as form-encoded POSTs (the API accepts both) so a batch selector listing many
/// rollouts never hits a URL length limit. The timeout (<c>Prometheus:Timeout</c>) is applied here
/// rather than by <see cref="HttpClient.Timeout"/>, so a timeout and a caller's cancellation stay distinguishable.
/// </summary>
public sealed class PrometheusClient(HttpClient http, IOptions<CanaryDashboardOptions> options, TimeProvider time)
{
    private PrometheusOptions Options => options.Value.Prometheus;

    /// <summary>An instant query (<c>/api/v1/query</c>) evaluated now; the result must be a vector.</summary>
    public Task<PrometheusQueryResult> QueryAsync(string promQl, CancellationToken cancellationToken) =>
        SendAsync("api/v1/query", promQl, [new("query", promQl)], "vector", cancellationToken);

    /// <summary>A range query (<c>/api/v1/query_range</c>) for history; the result must be a matrix.</summary>
    public Task<PrometheusQueryResult> QueryRangeAsync(
        string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        SendAsync("api/v1/query_range", promQl,
        [
            new("query", promQl),
            new("start", UnixSeconds(start)),
            new("end", UnixSeconds(end)),
            new("step", step.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
        ], "matrix", cancellationToken);

    private async Task<PrometheusQueryResult> SendAsync(
        string path, string promQl, KeyValuePair<string, string>[] form, string expectedType, CancellationToken cancellationToken)
    {
        var settings = Options;
        var uri = new Uri(settings.BaseUrl.TrimEnd('/') + "/" + path);
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new FormUrlEncodedContent(form) };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            return PrometheusResponseParser.Parse(promQl, response.StatusCode, body, expectedType);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the caller gave up: not ours to report
        }
        catch (OperationCanceledException)
        {
            return PrometheusQueryResult.Failed(promQl, QueryFailureKind.Timeout,
                $"Prometheus at {settings.BaseUrl} did not answer within {settings.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            var why = ex.InnerException is SocketException socket ? $"{socket.SocketErrorCode} ({socket.Message})" : ex.Message;
            return PrometheusQueryResult.Failed(promQl, QueryFailureKind.Unreachable, $"Prometheus at {settings.BaseUrl} is unreachable: {why}");
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Text.DecoderFallbackException)
        {
            return PrometheusQueryResult.Failed(promQl, QueryFailureKind.Unreachable, $"Prometheus at {settings.BaseUrl} broke off the answer: {ex.Message}");
        }
    }

    private static string UnixSeconds(DateTimeOffset at) =>
        (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
