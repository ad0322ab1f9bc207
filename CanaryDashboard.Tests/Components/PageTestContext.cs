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
using CanaryDashboard.Security;
using CanaryDashboard.Security.Actions;
using CanaryDashboard.Security.Roles;
using Microsoft.Extensions.Logging.Abstractions;
using System.Security.Claims;

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
    /// <summary>The engine parameters the pages resolve (global defaults unless a test assigns a rollout's).</summary>
    private protected CanaryDashboard.Tests.Parameters.FixedParameterResolver Parameters { get; } = new();

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
        Services.AddSingleton<CanaryDashboard.Parameters.IParameterResolver>(Parameters);
        // The app's own user model and action service; no cluster adapter here, so nothing is sent.
        Services.AddScoped<CurrentUserAccessor>();
        Services.AddSingleton<IRolloutActionService>(new AuthorizedRolloutActions(
            new LoggingActionAuditLog(NullLogger<LoggingActionAuditLog>.Instance), Clock, NullLogger<AuthorizedRolloutActions>.Instance));
        _auth = AddAuthorization();
        SignInAs(DashboardRole.Admin);
    }

    private readonly Bunit.TestDoubles.BunitAuthorizationContext _auth;
    private bool _prepared;

    /// <summary>Call before rendering: it builds the service provider (no service can be added after).</summary>
    protected void Prepare()
    {
        if (_prepared) return;
        _prepared = true;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Render<MudPopoverProvider>();
    }

    /// <summary>The signed-in user, with the claims the dashboard's own identities carry.</summary>
    private protected void SignInAs(DashboardRole role, string name = "alice")
    {
        _auth.SetAuthorized(name);
        _auth.SetClaims(new Claim(DashboardClaims.Role, role.Name()));
    }

    private protected void Seed(params CanaryDashboard.Kubernetes.Snapshots.RolloutSnapshot[] snapshots)
    {
        foreach (var s in snapshots) Snapshots.Set(s);
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
