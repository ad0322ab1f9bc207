using System.Text.Json.Nodes;
using CanaryDashboard.Model;
using CanaryDashboard.Simulation.Api;
using Microsoft.AspNetCore.Http;

namespace CanaryDashboard.Simulation.Workload;

/// <summary>
/// A small control API on the simulated API server (not part of Kubernetes) to inject scenarios at run time:
/// <c>GET /simulation/scenarios</c> lists the injected ones;
/// <c>PUT /simulation/scenarios/{namespace}/{name}</c> with <c>{"scenario":"PoolExhaustion"}</c> sets one;
/// <c>DELETE</c> on the same path goes back to the annotation or default.
/// (Annotating the rollout with <c>simulation.canary-dashboard.io/scenario</c> works too, e.g. with kubectl annotate.)
/// </summary>
internal static class ScenarioEndpoint
{
    private const string Prefix = "/simulation/scenarios";

    public static async Task<bool> TryHandleAsync(HttpContext context, SimulatedWorkload workload)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var rest = path[Prefix.Length..].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (context.Request.Method, rest)
        {
            case ("GET", []):
                var list = new JsonObject();
                foreach (var (key, scenario) in workload.InjectedScenarios.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal))
                    list[key.ToString()] = scenario.ToString();
                await Write(context, 200, new JsonObject { ["default"] = workload.DefaultScenario.ToString(), ["scenarios"] = list });
                return true;
            case ("PUT", [var ns, var name]):
                var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                if (!Enum.TryParse<TrafficScenario>(Json.Str(body?["scenario"]), ignoreCase: true, out var chosen))
                {
                    await Write(context, 400, new JsonObject
                    {
                        ["error"] = "body must be {\"scenario\": one of " + string.Join(", ", Enum.GetNames<TrafficScenario>()) + "}",
                    });
                    return true;
                }
                workload.SetScenario(new RolloutKey(ns, name), chosen);
                await Write(context, 200, new JsonObject { ["rollout"] = $"{ns}/{name}", ["scenario"] = chosen.ToString() });
                return true;
            case ("DELETE", [var ns, var name]):
                workload.ClearScenario(new RolloutKey(ns, name));
                context.Response.StatusCode = 204;
                return true;
            default:
                await Write(context, 404, new JsonObject { ["error"] = "use GET /simulation/scenarios or PUT|DELETE /simulation/scenarios/{namespace}/{name}" });
                return true;
        }
    }

    private static async Task Write(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Json.ToUtf8(body), context.RequestAborted);
    }
}
