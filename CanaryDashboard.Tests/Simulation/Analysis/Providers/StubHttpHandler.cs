using System.Net;
using System.Text;

namespace CanaryDashboard.Tests.Simulation.Analysis.Providers;

/// <summary>
/// Stands in for the network under the web provider (through <c>LoopbackHttp</c>'s test handler):
/// records every request that reaches it and answers with the next queued response (the last one repeats).
/// </summary>
public sealed class StubHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _answers = new();
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _last;

    private readonly Dictionary<string, string> _byPath = new(StringComparer.Ordinal);

    public List<(HttpRequestMessage Request, string? Body)> Requests { get; } = [];

    /// <summary>Always answers this JSON to requests for <paramref name="path"/> (before the queue).</summary>
    public StubHttpHandler JsonAt(string path, string body)
    {
        _byPath[path] = body;
        return this;
    }

    public StubHttpHandler Json(string body, HttpStatusCode code = HttpStatusCode.OK) =>
        Answer(code, body, "application/json");

    public StubHttpHandler Answer(HttpStatusCode code, string body, string contentType = "text/plain")
    {
        _answers.Enqueue((_, _) => Task.FromResult(new HttpResponseMessage(code) { Content = new StringContent(body, Encoding.UTF8, contentType) }));
        return this;
    }

    /// <summary>Never answers until the request is cancelled (a hung server).</summary>
    public StubHttpHandler Hang()
    {
        _answers.Enqueue(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
            Requests.Add((request, body));
        if (_byPath.TryGetValue(request.RequestUri!.AbsolutePath, out var routed))
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(routed, Encoding.UTF8, "application/json") };
        var answer = _answers.Count > 0 ? _last = _answers.Dequeue() : _last ?? throw new InvalidOperationException("no answer queued");
        return await answer(request, cancellationToken);
    }
}
