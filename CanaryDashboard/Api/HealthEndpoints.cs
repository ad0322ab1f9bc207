using CanaryDashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Api;

/// <summary>
/// <c>/livez</c>: the process answers. <c>/healthz</c>: the configuration is valid and the data
/// folder (the database's home) is writable. Kubernetes probes use both.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/livez", () => Results.Text("ok"));
        app.MapGet("/healthz", (IOptions<CanaryDashboardOptions> options) =>
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
            return Results.Json(new { status = healthy ? "healthy" : "unhealthy", checks },
                statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
