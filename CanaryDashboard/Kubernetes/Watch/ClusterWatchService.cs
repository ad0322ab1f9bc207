using CanaryDashboard.Configuration;
using CanaryDashboard.Kubernetes.Connection;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Model;
using k8s;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Kubernetes.Watch;

/// <summary>
/// List-then-watch of every kind in <see cref="ResourceSource.All"/>, in every configured namespace
/// (or cluster-wide), one loop per kind and namespace. Each loop keeps its resourceVersion, lists
/// again on 410 Gone, backs off exponentially with jitter on any other failure (on the injected
/// TimeProvider), probes <c>/version</c> before resuming so the state shows the API server back,
/// and never ends until the host stops.
/// </summary>
public sealed class ClusterWatchService : BackgroundService, IRolloutSnapshotProvider, IClusterStatusProvider
{
    private readonly ClusterConnection _connection;
    private readonly ClusterCache _cache;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterWatchService> _logger;
    private readonly ClusterOptions _options;
    private readonly IReadOnlyList<ResourceSource> _sources;
    private readonly Lock _stateLock = new();
    private readonly Dictionary<string, string?> _loopErrors = [];
    private readonly HashSet<string> _listed = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ClusterStatus _status;

    public ClusterWatchService(ClusterConnection connection, ClusterCache cache, TimeProvider time,
        IOptions<CanaryDashboardOptions> options, ILogger<ClusterWatchService> logger, IReadOnlyList<ResourceSource>? sources = null)
    {
        _connection = connection;
        _cache = cache;
        _time = time;
        _logger = logger;
        _options = options.Value.Cluster;
        _sources = sources ?? ResourceSource.All;
        _status = new ClusterStatus { Mode = _options.Mode, Namespaces = _options.Namespaces.ToArray() };
        _cache.Changed += Notify;
    }

    public event Action<SnapshotChange>? Changed;

    /// <summary>Each subscriber on its own: one that throws is logged and neither stops the others nor the watch.</summary>
    private void Notify(SnapshotChange change)
    {
        if (Changed is not { } handlers)
            return;
        foreach (var handler in handlers.GetInvocationList().Cast<Action<SnapshotChange>>())
        {
            try
            {
                handler(change);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A subscriber to rollout snapshot changes failed; the watch goes on");
            }
        }
    }

    public ClusterStatus Status
    {
        get
        {
            lock (_stateLock)
                return _status with { ApiServer = _connection.ApiServer, Rollouts = _cache.Snapshots.Count };
        }
    }

    public bool IsSynced => _synced.Task.IsCompleted;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public IReadOnlyList<RolloutSnapshot> GetAll() =>
        _cache.Snapshots.Values
            .OrderBy(s => s.Namespace, StringComparer.Ordinal)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToArray();

    public RolloutSnapshot? Get(RolloutKey key) => _cache.Snapshots.GetValueOrDefault(key);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<string?> scopes = _options.Namespaces.Count == 0 ? [default(string)] : _options.Namespaces.Distinct().ToArray<string?>();
        var loops = from source in _sources from scope in scopes select RunLoopAsync(source, scope, stoppingToken);
        return Task.WhenAll(loops.ToArray());
    }

    private async Task RunLoopAsync(ResourceSource source, string? ns, CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first request.
        await Task.Yield();
        var loop = $"{source.Resource} in {ns ?? "all namespaces"}";
        var backoff = new ExponentialBackoff(_options.WatchInitialBackoff, _options.WatchMaxBackoff);
        string? resourceVersion = null;
        var failed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var client = await _connection.GetClientAsync(stoppingToken);
                if (failed)
                {
                    // Prove the API server answers again before resuming, so the state says so at once.
                    await client.Version.GetCodeAsync(stoppingToken);
                    failed = false;
                    ReportSuccess(loop);
                }
                if (resourceVersion is null)
                {
                    resourceVersion = await source.ListAsync(client, ns, _cache, stoppingToken);
                    ReportSuccess(loop);
                    MarkListed(loop);
                    backoff.Reset();
                }
                var started = _time.GetTimestamp();
                var events = 0;
                resourceVersion = await source.WatchAsync(client, ns, resourceVersion, WatchTimeoutSeconds(), _cache,
                    () => { events++; ReportSuccess(loop); }, stoppingToken);
                // The server ended the stream (its timeout): watch again from where we are. A stream
                // that ends at once with nothing in it is backed off, so a broken server is not hammered.
                if (events > 0 || _time.GetElapsedTime(started) > TimeSpan.FromSeconds(1))
                    backoff.Reset();
                else
                    await Task.Delay(backoff.Next(), _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (ResourceVersionGoneException ex)
            {
                _logger.LogInformation("Watch of {Loop}: {Message}; listing again", loop, ex.Message);
                resourceVersion = null;
                Count(relist: true);
                if (backoff.Attempt > 0)
                    await DelayQuietly(backoff.Next(), stoppingToken);
                else
                    backoff.Next();
            }
            catch (k8s.Autorest.HttpOperationException ex) when (ex.Response?.StatusCode == System.Net.HttpStatusCode.Forbidden && resourceVersion is null)
            {
                // RBAC lacks this kind: the others still make snapshots (this kind counts as empty),
                // the error says which verb is missing, and the list is tried again with backoff.
                var delay = backoff.Next();
                ReportError(loop, new UnauthorizedAccessException(
                    $"forbidden: the service account cannot list {source.Resource} ({Describe(ex)})", ex));
                MarkListed(loop);
                await DelayQuietly(delay, stoppingToken);
            }
            catch (Exception ex)
            {
                failed = true;
                var delay = backoff.Next();
                ReportError(loop, ex);
                Count(relist: false);
                _logger.LogWarning("Watch of {Loop} failed ({Error}); retrying in {Delay:0.0} s", loop, Describe(ex), delay.TotalSeconds);
                await DelayQuietly(delay, stoppingToken);
            }
        }
    }

    private async Task DelayQuietly(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, _time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>client-go's choice: a random server-side timeout between 5 and 10 minutes, so watches do not all renew at once.</summary>
    private int WatchTimeoutSeconds()
    {
        var seconds = (int)_options.WatchTimeout.TotalSeconds;
        return seconds + Random.Shared.Next(0, Math.Max(1, seconds));
    }

    private void MarkListed(string loop)
    {
        bool complete;
        lock (_stateLock)
        {
            if (!_listed.Add(loop))
                return;
            var scopes = Math.Max(1, _options.Namespaces.Distinct().Count());
            complete = _listed.Count == _sources.Count * scopes;
        }
        if (!complete)
            return;
        _cache.StartBuilding();
        lock (_stateLock)
            _status = _status with { Synced = true, FirstSyncAt = _time.GetUtcNow() };
        _synced.TrySetResult();
        _logger.LogInformation("Cluster synced: {Count} rollouts", _cache.Snapshots.Count);
    }

    private void ReportSuccess(string loop)
    {
        lock (_stateLock)
        {
            _loopErrors.Remove(loop);
            _status = _status with { Connected = _loopErrors.Count == 0, LastSyncAt = _time.GetUtcNow() };
        }
    }

    private void ReportError(string loop, Exception ex)
    {
        lock (_stateLock)
        {
            var message = $"{loop}: {Describe(ex)}";
            _loopErrors[loop] = message;
            _status = _status with { Connected = false, LastError = message, LastErrorAt = _time.GetUtcNow() };
        }
    }

    private void Count(bool relist)
    {
        lock (_stateLock)
            _status = relist ? _status with { Relists = _status.Relists + 1 } : _status with { Reconnects = _status.Reconnects + 1 };
    }

    private static string Describe(Exception ex) => ex switch
    {
        k8s.Autorest.HttpOperationException http => $"{(int?)http.Response?.StatusCode} {http.Response?.ReasonPhrase}: {Trim(http.Response?.Content)}",
        HttpRequestException { InnerException: { } inner } request => $"{request.Message} ({inner.Message})",
        _ => ex.Message,
    };

    private static string? Trim(string? text) => text is { Length: > 300 } ? text[..300] : text;
}
