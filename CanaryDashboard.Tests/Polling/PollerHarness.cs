using System.Net;
using System.Net.Sockets;
using CanaryDashboard.Configuration;
using CanaryDashboard.Data;
using CanaryDashboard.Data.Settings;
using CanaryDashboard.Data.Startup;
using CanaryDashboard.Data.Writing;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Kubernetes.Snapshots;
using CanaryDashboard.Live;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Polling;
using CanaryDashboard.Prometheus;
using CanaryDashboard.Simulation.Api;
using CanaryDashboard.Simulation.Seeding;
using CanaryDashboard.Simulation.Workload;
using CanaryDashboard.Tests.Kubernetes.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CanaryDashboard.Tests.Polling;

/// <summary>
/// The poller wired as the app wires it, over real parts: the simulated cluster (controller run by
/// hand), the adapter's watch and actions over HTTP, the simulated metrics, a SQLite file and the
/// live store. The loop's clock, the cluster's and the metrics' are one <see cref="FakeTimeProvider"/>,
/// so tests drive cycles with <see cref="CycleAsync"/> instead of sleeping.
/// </summary>
public sealed class PollerHarness : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The simulated service's request rate in these tests: 10,000 req/s, ten times the app's 1000. The
    /// evidence counts requests since the rung's entry, and noise-free expected counts grow in proportion
    /// to the rate, so the times to "within" in the Simulation README's table (1000 req/s: 26 s at 20 %,
    /// 16–20 s at 35–75 %) shrink tenfold: 2.6 s at 20 %, at most 2 s above. A healthy canary at 20 % or
    /// more is thus shown within by the first poll (5 s) after its rung's entry, never later; a poll at
    /// the very instant the window starts sees no requests and holds ("not enough evidence yet").
    /// </summary>
    public const double RequestsPerSecond = 10_000;

    private PollerHarness(SimulatedClusterFixture kube, TimeProvider time, ServiceProvider services, SwitchableMetricsSource metrics)
    {
        Kube = kube;
        Time = time;
        Services = services;
        Metrics = metrics;
        Poller = services.GetRequiredService<CanaryPoller>();
        History = services.GetRequiredService<HistoryWriter>();
        Live = services.GetRequiredService<LiveRolloutStore>();
        Settings = services.GetRequiredService<RolloutSettingsStore>();
    }

    public SimulatedClusterFixture Kube { get; }
    public TimeProvider Time { get; }

    /// <summary>The fake clock (every harness but the real-time ones).</summary>
    public FakeTimeProvider Clock => (FakeTimeProvider)Time;
    public ServiceProvider Services { get; }
    public SwitchableMetricsSource Metrics { get; }
    public CanaryPoller Poller { get; }
    public HistoryWriter History { get; }
    public LiveRolloutStore Live { get; }
    public RolloutSettingsStore Settings { get; }
    public IRolloutSnapshotProvider Snapshots => Kube.Watch;
    public IMetricsSource SimulatedMetrics { get; private set; } = null!;

    /// <param name="settings">Extra configuration (e.g. <c>Engine:LatencyDecay</c>).</param>
    /// <param name="realTime">System time and the simulated controller's own loop (end-to-end tests), instead of a fake clock and reconciles by hand.</param>
    /// <param name="metricsSource">The source to read (default: the simulated workload's).</param>
    /// <param name="requestsPerSecond">The simulated service's rate (default <see cref="RequestsPerSecond"/>).</param>
    public static async Task<PollerHarness> StartAsync(IEnumerable<ExampleRollouts.Example> rollouts, Dictionary<string, string?>? settings = null,
        bool realTime = false, IMetricsSource? metricsSource = null, double requestsPerSecond = RequestsPerSecond)
    {
        TimeProvider clock = realTime ? TimeProvider.System : new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var kube = await SimulatedClusterFixture.StartAsync(c =>
        {
            c.TimeProvider = clock;
            c.RunController = realTime;
            c.ControllerInterval = TimeSpan.FromMilliseconds(500);
        });
        kube.Cluster.Workload.RequestsPerSecond = requestsPerSecond;
        foreach (var example in rollouts)
            ExampleRollouts.Seed(kube.Cluster.Store, kube.Cluster.Controller, example);

        var configuration = new Dictionary<string, string?>
        {
            ["Storage:DataPath"] = kube.Options.Storage.DataPath,
            ["Storage:Retention:FlushInterval"] = "00:00:00",   // the writer's linger runs on the fake clock
            ["Polling:Interval"] = Interval.ToString(),
            ["Polling:SettingsRefresh"] = "00:00:00",
            ["Cluster:Mode"] = "Simulated",
        };
        foreach (var (key, value) in settings ?? [])
            configuration[key] = value;

        var simulated = new SimulatedMetricsSource(kube.Cluster);
        var metrics = new SwitchableMetricsSource(metricsSource ?? simulated);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<CanaryDashboardOptions>().Bind(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddSingleton<TimeProvider>(clock);
        services.AddStorage();
        services.AddLiveStore();
        services.AddSingleton<MetricTargetResolver>();
        services.AddSingleton<IRolloutSnapshotProvider>(kube.Watch);
        services.AddSingleton(kube.Actions);
        services.AddSingleton<IMetricsSource>(metrics);
        services.AddPolling();
        var provider = services.BuildServiceProvider();

        await DatabaseInitializer.InitializeAsync(provider.GetRequiredService<IDbContextFactory<CanaryDbContext>>(), CancellationToken.None);
        await provider.GetRequiredService<HistoryWriter>().StartAsync(CancellationToken.None);
        await kube.StartWatchAsync();
        return new PollerHarness(kube, clock, provider, metrics) { SimulatedMetrics = simulated };
    }

    public static ExampleRollouts.Example Rollout(string name, TrafficScenario scenario, int atWeight) =>
        new("poll-tests", name, scenario, 10, TrafficRouting: true, AtWeight: atWeight);

    public static RolloutKey Key(string name) => new("poll-tests", name);

    public Task SetSettingsAsync(string name, RolloutSettings settings) =>
        Settings.SaveAsync(Key(name), settings, "test", CancellationToken.None);

    /// <summary>Moves the clock one interval on and runs one cycle.</summary>
    public async Task<PollCycleReport> CycleAsync()
    {
        Clock.Advance(Interval);
        return await Poller.RunCycleAsync();
    }

    public async Task<List<PollCycleReport>> CyclesAsync(int count)
    {
        var reports = new List<PollCycleReport>();
        for (var i = 0; i < count; i++)
            reports.Add(await CycleAsync());
        return reports;
    }

    /// <summary>Lets the simulated controller apply what was sent, then waits until the watch shows <paramref name="condition"/>.</summary>
    public async Task<RolloutSnapshot> ReconcileUntilAsync(string name, Func<RolloutSnapshot, bool> condition, string what)
    {
        var key = Snapshots.GetAll().FirstOrDefault(s => s.Name == name)?.Key ?? Key(name);
        try
        {
            await Wait.UntilAsync(() => Snapshots.Get(key) is { } s && condition(s), what,
                betweenChecks: () => Kube.Cluster.Controller.ReconcileAll());
        }
        catch (TimeoutException e)
        {
            var s = Snapshots.Get(key);
            throw new TimeoutException($"{e.Message}; last seen: {s?.Status} '{s?.Message}', step {s?.CurrentStepIndex}, aborted {s?.Aborted}", e);
        }
        return Snapshots.Get(key)!;
    }

    /// <summary>
    /// A person's promote past the current pause (<c>pauseConditions</c> cleared in the store, as
    /// <c>kubectl argo rollouts promote</c> does), then the controller walks to the next pause: a new
    /// rung, whose pause start (now) begins a fresh evidence window.
    /// </summary>
    public async Task<RolloutSnapshot> PromoteToNextRungAsync(string name)
    {
        var from = Snapshots.Get(Key(name))!.CurrentStepIndex;
        Kube.Cluster.Store.Update(ResourceCatalog.Rollouts, Key(name).Namespace, name, r =>
        {
            r["status"]!.AsObject().Remove("pauseConditions");
            return r;
        });
        return await ReconcileUntilAsync(name, s => s.CurrentStepIndex > from + 1 && s.PauseConditions.Count > 0, "paused on the next rung");
    }

    public IReadOnlyList<RecordedRequest> Patches(string name) =>
        Kube.Patches().Where(p => p.PathAndQuery.Contains("/rollouts/" + name, StringComparison.Ordinal)).ToArray();

    /// <summary>Everything queued so far, committed; then a fresh context to read it.</summary>
    public async Task<CanaryDbContext> DatabaseAsync()
    {
        await History.FlushAsync();
        return await Services.GetRequiredService<IDbContextFactory<CanaryDbContext>>().CreateDbContextAsync();
    }

    /// <summary>A real Prometheus source against a loopback port nobody listens on: the backend is down.</summary>
    public static IMetricsSource DeadPrometheus(out IDisposable owner)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var options = new CanaryDashboardOptions();
        options.Prometheus.BaseUrl = $"http://127.0.0.1:{port}";
        options.Prometheus.Timeout = TimeSpan.FromSeconds(5);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        owner = http;
        var wrapped = Options.Create(options);
        return new PrometheusMetricsSource(new PrometheusClient(http, wrapped, TimeProvider.System), wrapped, TimeProvider.System,
            NullLogger<PrometheusMetricsSource>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        try { await Poller.StopAsync(CancellationToken.None); } catch (OperationCanceledException) { }
        await History.StopAsync(CancellationToken.None);
        await Services.DisposeAsync();
        await Kube.DisposeAsync();
    }
}
