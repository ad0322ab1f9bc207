using System.Net;
using CanaryDashboard.Simulation.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CanaryDashboard.Simulation;

/// <summary>
/// A Kubernetes-API-compatible server on 127.0.0.1 over an in-memory <see cref="ObjectStore"/>.
/// <code>
/// await using var cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions(), ct);
/// var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath));
/// </code>
/// The HTTP listener can be stopped and started again on the same port (the store survives), to
/// test clients against an API server that goes away mid-stream.
/// </summary>
public sealed class SimulatedCluster : IAsyncDisposable
{
    private readonly KubernetesApiHandler _handler;
    private readonly SemaphoreSlim _listenerGate = new(1, 1);
    private WebApplication? _listener;

    private SimulatedCluster(SimulatedClusterOptions options)
    {
        Options = options;
        Store = new ObjectStore(options.TimeProvider) { HistoryLimit = options.WatchHistoryLimit };
        Access = new AccessRules();
        DataPath = Path.GetFullPath(options.DataPath ?? Path.Combine(Path.GetTempPath(), "canary-sim-" + Guid.NewGuid().ToString("N")[..8]));
        KubeconfigPath = Path.Combine(DataPath, options.KubeconfigFileName);
        _handler = new KubernetesApiHandler(Store, Access, () => $"127.0.0.1:{Port}");
    }

    public SimulatedClusterOptions Options { get; }

    /// <summary>The objects, for loading fixtures directly and for reading what a client changed.</summary>
    public ObjectStore Store { get; }

    /// <summary>Per-test RBAC switches (403 Forbidden for chosen verbs and resources).</summary>
    public AccessRules Access { get; }

    public string DataPath { get; }

    /// <summary>The kubeconfig written at start (context <c>canary-simulated</c>).</summary>
    public string KubeconfigPath { get; }

    public int Port { get; private set; }

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public bool IsListening => _listener is not null;

    public static async Task<SimulatedCluster> StartAsync(SimulatedClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        var cluster = new SimulatedCluster(options ?? new SimulatedClusterOptions());
        await cluster.StartListeningAsync(cancellationToken);
        KubeconfigWriter.Write(cluster.KubeconfigPath, cluster.BaseAddress);
        return cluster;
    }

    /// <summary>
    /// Stops the HTTP listener as a crashing API server would: open watches are cut mid-stream and
    /// new connections are refused. The store and the port are kept for <see cref="StartListeningAsync"/>.
    /// </summary>
    public async Task StopListeningAsync()
    {
        await _listenerGate.WaitAsync();
        try
        {
            if (_listener is not { } listener)
                return;
            _listener = null;
            _handler.AbortWatches();
            await listener.StopAsync(CancellationToken.None);
            await listener.DisposeAsync();
        }
        finally
        {
            _listenerGate.Release();
        }
    }

    /// <summary>Starts listening again, on the same port once one was chosen.</summary>
    public async Task StartListeningAsync(CancellationToken cancellationToken = default)
    {
        await _listenerGate.WaitAsync(cancellationToken);
        try
        {
            if (_listener is not null)
                return;
            var app = await StartWithRetryAsync(Port != 0 ? Port : Options.Port, cancellationToken);
            if (Port == 0)
            {
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                Port = new Uri(address).Port;
            }
            _listener = app;
        }
        finally
        {
            _listenerGate.Release();
        }
    }

    public async Task RestartListeningAsync(CancellationToken cancellationToken = default)
    {
        await StopListeningAsync();
        await StartListeningAsync(cancellationToken);
    }

    /// <summary>Forgets the change history: a watch from any version before now gets 410 Gone.</summary>
    public void CompactHistory() => Store.Compact();

    public async ValueTask DisposeAsync()
    {
        await StopListeningAsync();
        _listenerGate.Dispose();
    }

    /// <summary>Rebinding a just-released port can briefly fail; retry a few times before giving up.</summary>
    private async Task<WebApplication> StartWithRetryAsync(int port, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
            builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
            var app = builder.Build();
            app.Run(_handler.HandleAsync);
            try
            {
                await app.StartAsync(cancellationToken);
                return app;
            }
            catch (IOException) when (attempt < 20 && port != 0)
            {
                await app.DisposeAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
        }
    }
}
