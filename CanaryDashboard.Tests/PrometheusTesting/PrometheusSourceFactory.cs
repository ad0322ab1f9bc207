using System.Collections.Concurrent;
using CanaryDashboard.Configuration;
using CanaryDashboard.Prometheus;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Tests.PrometheusTesting;

/// <summary>Builds the real Prometheus client and source over a real HTTP stack, recording every request it sends.</summary>
public sealed class PrometheusSourceFactory : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="time">The source's clock (readings' times and the counter windows'); the HTTP client keeps the real one.</param>
    public PrometheusSourceFactory(CanaryDashboardOptions options, TimeProvider? time = null)
    {
        Options = options;
        Recorder = new RecordingHandler { InnerHandler = new SocketsHttpHandler() };
        _http = new HttpClient(Recorder) { Timeout = Timeout.InfiniteTimeSpan };
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Client = new PrometheusClient(_http, wrapped, TimeProvider.System);
        Windows = new CounterWindows(time ?? TimeProvider.System);
        Source = new PrometheusMetricsSource(Client, wrapped, time ?? TimeProvider.System, NullLogger<PrometheusMetricsSource>.Instance, Windows);
        Resolver = new MetricTargetResolver(wrapped);
        Directory = new PrometheusRolloutDirectory(Client, Resolver, wrapped);
    }

    public CanaryDashboardOptions Options { get; }
    public RecordingHandler Recorder { get; }
    public PrometheusClient Client { get; }
    public CounterWindows Windows { get; }
    public PrometheusMetricsSource Source { get; }
    public MetricTargetResolver Resolver { get; }
    public PrometheusRolloutDirectory Directory { get; }

    public void Dispose() => _http.Dispose();

    /// <summary>Passes requests on unchanged and remembers each one's path and form body.</summary>
    public sealed class RecordingHandler : DelegatingHandler
    {
        public ConcurrentQueue<(string Path, string Body)> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Enqueue((request.RequestUri!.AbsolutePath, Uri.UnescapeDataString(body.Replace('+', ' '))));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
