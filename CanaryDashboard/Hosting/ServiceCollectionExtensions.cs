using CanaryDashboard.Api;
using CanaryDashboard.Components;
using CanaryDashboard.Configuration;
using CanaryDashboard.Data.Startup;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

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

        // ---- Engine ----

        // ---- Metrics: Prometheus or simulated ----

        // ---- Cluster ----

        // ---- Storage ----
        services.AddStorage();

        // ---- Polling ----

        // ---- Live store ----

        return builder;
    }

    public static WebApplication MapCanaryDashboard(this WebApplication app)
    {
        app.UseStaticFiles();
        app.UseAntiforgery();

        // ---- Health ----
        app.MapHealthEndpoints();

        // ---- Engine API ----

        // ---- Analyze (Argo web metric provider) ----

        // ---- Rollouts API ----

        // ---- History API ----
        app.MapHistoryEndpoints();

        // ---- UI ----
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
