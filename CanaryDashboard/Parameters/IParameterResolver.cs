using CanaryDashboard.Model;

namespace CanaryDashboard.Parameters;

/// <summary>
/// The engine parameters in force for a rollout (global → profile → rollout) and their origin.
/// <see cref="ParameterResolver"/> is the app's one implementation; pages take this interface so a
/// test can render them without a database.
/// </summary>
public interface IParameterResolver
{
    /// <summary>The global level (the <c>Engine</c> section): what a rollout without a profile gets.</summary>
    EffectiveParameters Global { get; }

    /// <summary>The parameters in force for <paramref name="rollout"/>; never fails for a database problem (the last good values answer).</summary>
    ValueTask<EffectiveParameters> ResolveAsync(RolloutKey rollout, CancellationToken cancellationToken = default);
}
