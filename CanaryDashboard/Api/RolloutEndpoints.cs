using CanaryDashboard.Kubernetes;
using CanaryDashboard.Kubernetes.Actions;
using CanaryDashboard.Model;

namespace CanaryDashboard.Api;

/// <summary>
/// Rollouts and the cluster as JSON. Snapshot fields are named as <c>kubectl argo rollouts get
/// rollout</c> names them (status, message, strategy, step, setWeight, actualWeight, …); the list
/// row keeps the <c>list rollouts</c> column names. Actions: <c>Security/Endpoints/RolloutActionEndpoints.cs</c> (role check and audit first).
/// </summary>
public static class RolloutEndpoints
{
    public static readonly string[] Phases = ["Healthy", "Progressing", "Paused", "Degraded"];

    public static IEndpointRouteBuilder MapRolloutEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/rollouts", (IRolloutSnapshotProvider snapshots, string? @namespace, string? status) =>
        {
            if (status is not null && !Phases.Contains(status, StringComparer.OrdinalIgnoreCase))
                return Results.BadRequest(new { error = $"status must be one of {string.Join(", ", Phases)} (was '{status}')" });
            var rollouts = snapshots.GetAll()
                .Where(s => @namespace is null || s.Namespace == @namespace)
                .Where(s => status is null || string.Equals(s.Status, status, StringComparison.OrdinalIgnoreCase));
            return Results.Ok(rollouts);
        });

        app.MapGet("/api/rollouts/{namespace}/{name}", (IRolloutSnapshotProvider snapshots, string @namespace, string name) =>
            snapshots.Get(new RolloutKey(@namespace, name)) is { } snapshot
                ? Results.Ok(snapshot)
                : Results.NotFound(new { error = $"rollout {@namespace}/{name} is not in the watched cluster" + (snapshots.IsSynced ? "" : " (the first sync has not finished)") }));

        app.MapGet("/api/cluster", (IClusterStatusProvider cluster) => Results.Ok(cluster.Status));

        return app;
    }
}
