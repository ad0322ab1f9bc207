using System.Net.Http.Json;
using CanaryDashboard.Configuration;
using CanaryDashboard.Tests.PrometheusTesting;
using CanaryDashboard.Workload;
using Microsoft.Extensions.Configuration;

namespace CanaryDashboard.Tests.RealPrometheus;

/// <summary>
/// One workload (in this process, on 127.0.0.1) serving every <see cref="Scenarios"/> service, and one
/// real Prometheus scraping it every second, shared by the collection. Tests call
/// <see cref="WaitForFullWindowAsync"/> before reading: it returns once Prometheus has scraped a whole
/// rate window of the scenarios' traffic (a condition, with a generous timeout for a loaded machine).
/// </summary>
public sealed class PrometheusWorkloadFixture : IAsyncLifetime
{
    /// <summary>Short window for tests (the seed's 5m would make each run wait 5 minutes).</summary>
    public const string RateWindow = "20s";
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(20);

    private Task? _fullWindow;
    private AnalyzeAppFactory? _dashboard;

    public WorkloadHost Workload { get; private set; } = null!;
    public PrometheusServer Prometheus { get; private set; } = null!;
    public DateTimeOffset ScenariosActiveSince { get; private set; }

    public async Task InitializeAsync()
    {
        Workload = await WorkloadHost.StartAsync();
        using (var control = new HttpClient { BaseAddress = Workload.BaseAddress })
        {
            // Through the control endpoint, as a test sets a canary's behaviour at run time.
            foreach (var scenario in Scenarios.All)
                (await control.PutAsJsonAsync("/control/jobs", scenario)).EnsureSuccessStatusCode();
        }
        ScenariosActiveSince = DateTimeOffset.UtcNow;
        Prometheus = await PrometheusServer.StartAsync([Workload.BaseAddress]);
        await Prometheus.WaitForTargetsUpAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>
    /// Waits until the last scrape is a full window (plus 5 s for rate()'s extrapolation to settle)
    /// after the scenarios started, so every window read holds only their steady traffic.
    /// </summary>
    public Task WaitForFullWindowAsync() =>
        _fullWindow ??= Prometheus.WaitForScrapesAsync(ScenariosActiveSince + Window + TimeSpan.FromSeconds(5), Window + TimeSpan.FromSeconds(120));

    /// <summary>The real dashboard app (in memory) pointed at this Prometheus, shared by the collection's tests.</summary>
    public AnalyzeAppFactory Dashboard => _dashboard ??= new AnalyzeAppFactory(Scenarios.DashboardSettings(Prometheus.BaseAddress));

    /// <summary>The dashboard's options as the app would bind them from <see cref="Scenarios.DashboardSettings"/>.</summary>
    public CanaryDashboardOptions DashboardOptions(Uri? prometheus = null)
    {
        var options = new CanaryDashboardOptions();
        new ConfigurationBuilder().AddInMemoryCollection(Scenarios.DashboardSettings(prometheus ?? Prometheus.BaseAddress)).Build().Bind(options);
        return options;
    }

    public async Task DisposeAsync()
    {
        if (_dashboard is not null) await _dashboard.DisposeAsync();
        if (Prometheus is not null) await Prometheus.DisposeAsync();
        if (Workload is not null) await Workload.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class RealPrometheusCollection : ICollectionFixture<PrometheusWorkloadFixture>
{
    public const string Name = "real prometheus";
}
