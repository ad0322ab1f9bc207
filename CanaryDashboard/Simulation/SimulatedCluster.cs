using System.Net;
using CanaryDashboard.Simulation.Analysis.Providers;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Controller;
using CanaryDashboard.Simulation.Seeding;
using CanaryDashboard.Simulation.Workload;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanaryDashboard.Simulation;

/// <summary>
/// A Kubernetes-API-compatible server on 127.0.0.1 over an in-memory <see cref="ObjectStore"/>.
/// <code>
/// await using var cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions(), ct);
/// var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath));
/// </code>
/// With <see cref="SimulatedClusterOptions.RunController"/> a simulated Argo Rollouts controller
/// reconciles every rollout on the options' clock; <see cref="Workload"/> gives the simulated metrics.
/// The HTTP listener can be stopped and started again on the same port (the store survives), to
/// test clients against an API server that goes away mid-stream.
/// </summary>
public sealed class SimulatedCluster : IAsyncDisposable
{
    private readonly KubernetesApiHandler _handler;
    private readonly SemaphoreSlim _listenerGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private WebApplication? _listener;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _controllerLoop = Task.CompletedTask;
    private int _disposed;

    private SimulatedCluster(SimulatedClusterOptions options, ILoggerFactory? loggerFactory)
    {
        Options = options;
        _logger = loggerFactory?.CreateLogger<SimulatedCluster>() ?? NullLogger<SimulatedCluster>.Instance;
        Store = new ObjectStore(options.TimeProvider) { HistoryLimit = options.WatchHistoryLimit };
        Access = new AccessRules();
        DataPath = Path.GetFullPath(options.DataPath ?? Path.Combine(Path.GetTempPath(), "canary-sim-" + Guid.NewGuid().ToString("N")[..8]));
        KubeconfigPath = Path.Combine(DataPath, options.KubeconfigFileName);
        Workload = new SimulatedWorkload(options.Seed);
        _handler = new KubernetesApiHandler(Store, Access, () => $"127.0.0.1:{Port}", context => ScenarioEndpoint.TryHandleAsync(context, Workload))
        {
            BookmarkInterval = options.BookmarkInterval,
        };
        Controller = new SimulatedRolloutController(Store, Workload, options.TimeProvider, loggerFactory?.CreateLogger<SimulatedRolloutController>());
        foreach (var (host, target) in options.Dns)
            Controller.Analysis.Dns.Map(host, target);
    }

    /// <summary>
    /// What the web metric provider may call: in-cluster host names mapped to loopback base URLs
    /// (the chart's example template host maps to the dashboard hosting this cluster).
    /// </summary>
    public ClusterDns Dns => Controller.Analysis.Dns;

    /// <summary>The simulated services' metrics model; <c>SetScenario</c> injects a scenario at run time.</summary>
    public SimulatedWorkload Workload { get; }

    /// <summary>The simulated Argo Rollouts controller; tests call <c>ReconcileAll()</c> after advancing their clock.</summary>
    public SimulatedRolloutController Controller { get; }

    /// <summary>Completes when the cluster listens, has written its kubeconfig and holds its seeded objects.</summary>
    public Task Started => _started.Task;

    /// <summary>What loading <see cref="SimulatedClusterOptions.ManifestsPath"/> gave (null when none was set).</summary>
    public ManifestLoadReport? Manifests { get; private set; }

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

    /// <summary>
    /// Starts a cluster: listens, writes the kubeconfig, seeds the example rollouts and loads the
    /// manifests folder when asked to, then starts the controller loop when asked to.
    /// </summary>
    public static async Task<SimulatedCluster> StartAsync(SimulatedClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        var cluster = Create(options);
        await cluster.InitializeAsync(cancellationToken);
        return cluster;
    }

    /// <summary>Creates a cluster without starting it (the hosted service calls <see cref="InitializeAsync"/> at app start).</summary>
    public static SimulatedCluster Create(SimulatedClusterOptions? options = null, ILoggerFactory? loggerFactory = null) =>
        new(options ?? new SimulatedClusterOptions(), loggerFactory);

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await StartCoreAsync(cancellationToken);
            _started.TrySetResult();
        }
        catch (Exception e)
        {
            _started.TrySetException(e);
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        await StartListeningAsync(cancellationToken);
        KubeconfigWriter.Write(KubeconfigPath, BaseAddress);
        if (Options.SeedExampleRollouts)
            ExampleRollouts.Seed(Store, Controller);
        if (!string.IsNullOrWhiteSpace(Options.ManifestsPath))
        {
            Manifests = ManifestLoader.LoadFolder(Store, Options.ManifestsPath);
            foreach (var problem in Manifests.Problems)
                _logger.LogWarning("Simulated cluster skipped a manifest: {Problem}", problem.ToString());
            _logger.LogInformation("Simulated cluster loaded {Count} objects from {Path}", Manifests.Loaded.Count, Options.ManifestsPath);
        }
        if (Options.RunController)
            _controllerLoop = Task.Run(() => Controller.RunAsync(Options.ControllerInterval, _stopping.Token), CancellationToken.None);
        _logger.LogInformation("Simulated Kubernetes API server on {Address}; kubeconfig {Kubeconfig}", BaseAddress, KubeconfigPath);
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
            // Built with the caller's execution context suppressed: a WebApplicationFactory hosting the
            // dashboard listens for hosts built in its async flow and would otherwise take this one over
            // (swapping Kestrel for its TestServer).
            Task<WebApplication> starting;
            using (ExecutionContext.SuppressFlow())
                starting = Task.Run(() => StartWithRetryAsync(Port != 0 ? Port : Options.Port, cancellationToken), cancellationToken);
            var app = await starting;
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
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _started.TrySetCanceled();
        await _stopping.CancelAsync();
        try
        {
            await _controllerLoop;
        }
        catch (OperationCanceledException)
        {
        }
        await StopListeningAsync();
        Controller.Analysis.Dispose();
        _listenerGate.Dispose();
        _stopping.Dispose();
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
