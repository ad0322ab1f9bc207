using System.Collections.Concurrent;

namespace CanaryDashboard.Tests.Kubernetes.Infrastructure;

/// <summary>One request as KubernetesClient put it on the wire.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string? ContentType, string? Body);

/// <summary>
/// Records every request the adapter's KubernetesClient sends (the simulated server keeps no
/// request log of its own), so a test can assert the exact verb, path, content type and body.
/// </summary>
public sealed class RecordingHandler(ConcurrentQueue<RecordedRequest> log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        log.Enqueue(new RecordedRequest(request.Method.Method, request.RequestUri!.PathAndQuery,
            request.Content?.Headers.ContentType?.MediaType, body));
        return await base.SendAsync(request, cancellationToken);
    }
}
