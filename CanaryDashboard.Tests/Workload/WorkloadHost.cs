using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Prometheus;

namespace CanaryDashboard.Workload;

/// <summary>
/// The workload service on 127.0.0.1: <c>/metrics</c> for Prometheus, <c>PUT /control/jobs</c> to set
/// a service's stable and canary behaviour at run time, <c>GET /work/{job}/{version}</c> to serve one
/// real request, and an internal load loop that serves every configured version at its rate.
/// Recorded durations are the service times the profile assigns (the real endpoint also waits that
/// long), so the histograms hold exactly what the test injected, whatever the machine's load.
/// </summary>
public sealed class WorkloadHost : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JobState> _jobs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _load = Task.CompletedTask;

    private WorkloadHost(WebApplication app, WorkloadMetrics metrics)
    {
        _app = app;
        Metrics = metrics;
    }

    public WorkloadMetrics Metrics { get; }

    /// <summary>Base address, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<WorkloadHost> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var host = new WorkloadHost(app, new WorkloadMetrics());
        host.Map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseAddress = new Uri(address);
        host._load = Task.Run(() => host.RunLoadAsync(host._stop.Token), CancellationToken.None);
        return host;
    }

    /// <summary>Sets (or replaces) one service's profile; its load starts at once.</summary>
    public DateTimeOffset Configure(JobProfile profile)
    {
        Metrics.PreCreate(profile);
        var state = new JobState(profile, new VersionTraffic(profile.StableVersion), new VersionTraffic(profile.CanaryVersion), DateTimeOffset.UtcNow);
        _jobs[profile.Job] = state;
        return state.ActiveSince;
    }

    private void Map(WebApplication app)
    {
        app.MapMetrics("/metrics", Metrics.Registry);
        app.MapPut("/control/jobs", (JobProfile profile) =>
        {
            if (string.IsNullOrWhiteSpace(profile.Job) || profile.Stable is null || profile.Canary is null)
                return Results.BadRequest(new { error = "job, stable and canary are required" });
            return Results.Ok(new { profile.Job, activeSince = Configure(profile) });
        });
        app.MapGet("/control/jobs", () => _jobs.Values.Select(j => new { j.Profile, j.ActiveSince }));
        app.MapGet("/work/{job}/{version}", async (string job, string version, CancellationToken ct) =>
        {
            if (!_jobs.TryGetValue(job, out var state) || state.Find(version) is not { } found)
                return Results.NotFound();
            var (traffic, profile) = found;
            var (seconds, failed) = traffic.Next(profile);
            await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
            Metrics.Record(job, version, seconds, failed);
            return failed ? Results.StatusCode(500) : Results.Text("ok");
        });
    }

    /// <summary>Every tick, serves the requests each version is due (rate × elapsed time, so late ticks catch up).</summary>
    private async Task RunLoadAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Tick);
        var clock = Stopwatch.StartNew();
        var last = clock.Elapsed;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = clock.Elapsed;
                var elapsed = (now - last).TotalSeconds;
                last = now;
                foreach (var state in _jobs.Values)
                {
                    foreach (var (traffic, profile) in state.Versions)
                    {
                        for (var due = traffic.TakeDue(profile, elapsed); due > 0; due--)
                        {
                            var (seconds, failed) = traffic.Next(profile);
                            Metrics.Record(state.Profile.Job, traffic.Version, seconds, failed);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _load;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stop.Dispose();
    }

    private sealed record JobState(JobProfile Profile, VersionTraffic Stable, VersionTraffic Canary, DateTimeOffset ActiveSince)
    {
        public IEnumerable<(VersionTraffic Traffic, VersionProfile Profile)> Versions =>
            [(Stable, Profile.Stable), (Canary, Profile.Canary)];

        public (VersionTraffic, VersionProfile)? Find(string version) =>
            version == Profile.StableVersion ? (Stable, Profile.Stable)
            : version == Profile.CanaryVersion ? (Canary, Profile.Canary)
            : null;
    }
}
