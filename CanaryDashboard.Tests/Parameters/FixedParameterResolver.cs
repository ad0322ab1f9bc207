using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using CanaryDashboard.Parameters;

namespace CanaryDashboard.Tests.Parameters;

/// <summary>A resolver without a database for page tests: the global level, or what the test assigns to a rollout.</summary>
public sealed class FixedParameterResolver(EngineParameters? global = null) : IParameterResolver
{
    public Dictionary<RolloutKey, EffectiveParameters> Assigned { get; } = [];

    public EffectiveParameters Global { get; } = new(global ?? EngineParameters.Default, ParameterOrigin.Configured);

    /// <summary>
    /// When set, every resolve waits for it (as the real resolver waits for the database when its values
    /// are stale), so a page renders once before its parameters arrive.
    /// </summary>
    public TaskCompletionSource? Pending { get; set; }

    public async ValueTask<EffectiveParameters> ResolveAsync(RolloutKey rollout, CancellationToken cancellationToken = default)
    {
        if (Pending is { } pending)
            await pending.Task.WaitAsync(cancellationToken);
        return Assigned.GetValueOrDefault(rollout) ?? Global;
    }
}
