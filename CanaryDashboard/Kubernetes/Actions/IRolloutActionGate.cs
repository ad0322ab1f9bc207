using CanaryDashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Kubernetes.Actions;

/// <summary>
/// The seam where roles will decide who may act on a rollout over the JSON API (a later issue:
/// roles, confirmation, audit). Until then <see cref="ConfiguredActionGate"/> keeps the action
/// endpoints closed unless <c>Cluster:AllowApiActions</c> is true.
/// </summary>
public interface IRolloutActionGate
{
    /// <summary>Null to let the action through, else the reason it is refused.</summary>
    ValueTask<string?> CheckAsync(HttpContext context, RolloutActionRequest request);
}

public sealed class ConfiguredActionGate(IOptionsMonitor<CanaryDashboardOptions> options) : IRolloutActionGate
{
    public ValueTask<string?> CheckAsync(HttpContext context, RolloutActionRequest request) =>
        ValueTask.FromResult(options.CurrentValue.Cluster.AllowApiActions
            ? null
            : "rollout actions over the JSON API are off until roles exist; set Cluster:AllowApiActions=true to allow them");
}
