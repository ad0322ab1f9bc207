using Bunit;
using CanaryDashboard.Configuration;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace CanaryDashboard.Tests.Components;

/// <summary>
/// A bUnit context with what the rollout pages inject: the watch's snapshots (in memory), the real
/// live store, a fake clock at <see cref="RolloutTestData.Now"/>, the app's options and MudBlazor.
/// </summary>
public abstract class PageTestContext : BunitContext, IAsyncLifetime
{
    private protected TestSnapshotProvider Snapshots { get; } = new();
    private protected FakeTimeProvider Clock { get; } = new(RolloutTestData.Now);
    private protected LiveRolloutStore Live { get; }

    protected PageTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        // The store's throttle runs on real time: the pages' pushes are awaited, not clocked.
        Live = new LiveRolloutStore(new LiveOptions { MinNotifyInterval = TimeSpan.Zero }, TimeProvider.System);
        Services.AddSingleton<IRolloutSnapshotProvider>(Snapshots);
        Services.AddSingleton(Live);
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(Options.Create(new CanaryDashboardOptions()));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private protected void Seed(params CanaryDashboard.Kubernetes.Snapshots.RolloutSnapshot[] snapshots)
    {
        foreach (var s in snapshots) Snapshots.Set(s);
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
