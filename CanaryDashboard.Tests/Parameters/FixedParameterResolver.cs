using CanaryDashboard.Engine;
using CanaryDashboard.Model;
using CanaryDashboard.Parameters;

namespace CanaryDashboard.Tests.Parameters;

/// <summary>A resolver without a database for page tests: the global level, or what the test assigns to a rollout.</summary>
public sealed class FixedParameterResolver(EngineParameters? global = null) : IParameterResolver
{
    public Dictionary<RolloutKey, EffectiveParameters> Assigned { get; } = [];

    public EffectiveParameters Global { get; } = new(global ?? EngineParameters.Default, ParameterOrigin.Configured);

    public ValueTask<EffectiveParameters> ResolveAsync(RolloutKey rollout, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Assigned.GetValueOrDefault(rollout) ?? Global);
}
