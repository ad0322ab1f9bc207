using CanaryDashboard.Api;
using CanaryDashboard.Components;
using CanaryDashboard.Configuration;
using CanaryDashboard.Security.Actions;
using CanaryDashboard.Prometheus;
using CanaryDashboard.Kubernetes;
using CanaryDashboard.Simulation.Hosting;
using CanaryDashboard.Data.Startup;
using CanaryDashboard.Live;
using CanaryDashboard.Polling;
using CanaryDashboard.Observability;
using CanaryDashboard.Parameters;
using CanaryDashboard.Security;
using CanaryDashboard.Tuning;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Prometheus;

namespace CanaryDashboard.Hosting;

/// <summary>All service registration and endpoint mapping, grouped by concern (Program.cs stays thin).</summary>
public static class ServiceCollectionExtensions
{
    public static WebApplicationBuilder AddCanaryDashboardServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Static assets of MudBlazor and Plotly are served from the build output outside Development too.
        builder.WebHost.UseStaticWebAssets();

        // ---- Configuration: one root options class, validated at start ----
        services.AddOptions<CanaryDashboardOptions>()
            .Bind(builder.Configuration)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CanaryDashboardOptions>, CanaryDashboardOptionsValidator>();
        services.AddSingleton(TimeProvider.System);

        // ---- UI: Blazor Server with MudBlazor ----
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();

        // ---- Security: sign-in, roles, authorized actions ----
        services.AddDashboardSecurity();

        // ---- Engine: one source of parameters (global → profile → rollout) for every reader ----
        services.AddParameterResolver();

        // ---- Metrics: Prometheus or simulated ----
        services.AddPrometheusMetrics();

        // ---- Cluster ----
        // The watch is registered first so that at shutdown (reverse order) the simulated API server
        // stops while the watches are steady, and the watch after it.
        services.AddKubernetesCluster(); // the same watch and actions for real and simulated clusters
        builder.AddSimulatedCluster();   // starts in Simulated mode only; there it is also the IMetricsSource (after Metrics)
        services.AddTransient<CanaryDashboard.Analyze.IRolloutDirectory, CanaryDashboard.Analyze.ClusterRolloutDirectory>();   // /analyze: the watch knows the rollouts

        // ---- Storage ----
        services.AddStorage();
        services.AddSingleton<IActionAuditLog, HistoryActionAuditLog>();   // the audit trail goes to SQLite (replaces the log-only sink)
        services.AddSingleton<CanaryDashboard.Security.Audit.AuditTrail>();   // audited changes that concern no rollout (profiles, sign-ins)
        services.AddSingleton<CanaryDashboard.Roi.IRolloutRunStatistics, CanaryDashboard.Data.Queries.RolloutRunStatisticsQuery>();   // ROI measured mode

        // ---- Polling ----
        services.AddPolling();

        // ---- Live store ----
        services.AddLiveStore();

        // ---- Tuning studio and backtest ----
        services.AddTuningStudio();

        // ---- Dashboard's own metrics (/metrics) ----
        services.AddDashboardMetrics();

        return builder;
    }

    public static WebApplication MapCanaryDashboard(this WebApplication app)
    {
        app.UseStaticFiles();
        app.UseAntiforgery();

        // ---- Security: sign-in flow, /api/me, authorized rollout actions ----
        app.MapSecurityEndpoints();

        // ---- Health ----
        app.MapHealthEndpoints();

        // ---- Engine API ----
        app.MapEngineEndpoints();

        // ---- Analyze (Argo web metric provider) ----
        app.MapAnalyzeEndpoints();

        // ---- Rollouts API ----
        app.MapRolloutEndpoints();

        // ---- History API ----
        app.MapHistoryEndpoints();

        // ---- Metrics endpoint ----
        // The app's own registry (DashboardMetrics), not prometheus-net's static default; no UseHttpMetrics.
        app.MapMetrics("/metrics", app.Services.GetRequiredService<DashboardMetrics>().Registry);

        // ---- UI ----
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
