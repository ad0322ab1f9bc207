using CanaryDashboard.Configuration;
using CanaryDashboard.Data;
using CanaryDashboard.Data.Startup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Api;

/// <summary>
/// <c>/livez</c>: the process answers. <c>/healthz</c>: the configuration is valid and the data
/// folder (the database's home) is writable and the database answers a query. Kubernetes probes use both.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/livez", () => Results.Text("ok"));
        app.MapGet("/healthz", async (IOptions<CanaryDashboardOptions> options, IDbContextFactory<CanaryDbContext> contexts, CancellationToken cancellationToken) =>
        {
            var checks = new Dictionary<string, string>();
            var healthy = true;
            try
            {
                _ = options.Value; // throws OptionsValidationException when invalid
                checks["configuration"] = "ok";
            }
            catch (OptionsValidationException ex)
            {
                healthy = false;
                checks["configuration"] = string.Join("; ", ex.Failures);
            }

            if (healthy)
            {
                var (ok, detail) = StorageProbe.Check(options.Value.Storage);
                healthy &= ok;
                checks["storage"] = detail;
            }

            if (healthy)
            {
                var (ok, detail) = await DatabaseProbeAsync(contexts, cancellationToken);
                healthy &= ok;
                checks["database"] = detail;
            }
            return Results.Json(new { status = healthy ? "healthy" : "unhealthy", checks },
                statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }

    /// <summary>A quick <c>SELECT 1</c> on the history database.</summary>
    private static async Task<(bool Ok, string Detail)> DatabaseProbeAsync(IDbContextFactory<CanaryDbContext> contexts, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var answer = await DatabaseInitializer.ScalarAsync(db, "SELECT 1;", cancellationToken);
            return answer == "1" ? (true, "ok") : (false, $"database answered '{answer}' to SELECT 1");
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or IOException)
        {
            return (false, $"database not reachable: {ex.Message}");
        }
    }
}
