using CanaryDashboard.Parameters;
using CanaryDashboard.Model;

namespace CanaryDashboard.Analyze;

/// <summary>
/// The one place <c>/analyze</c> takes its engine parameters from. Today
/// <see cref="ConfiguredAnalyzeParameters"/> (the <c>Engine</c> section for every rollout); the
/// parameter resolver (global → profile → rollout, issue 10) replaces this registration, so
/// <c>/analyze</c> judges with the same parameters as the poller without changing here.
/// </summary>
public interface IAnalyzeParameterSource
{
    ValueTask<EffectiveParameters> ForAsync(RolloutKey rollout, CancellationToken cancellationToken);
}
