using CanaryDashboard.Configuration;
using CanaryDashboard.Model;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Analyze;

/// <summary>The configured <c>Engine</c> section, the same for every rollout (until the resolver replaces it).</summary>
public sealed class ConfiguredAnalyzeParameters(IOptions<CanaryDashboardOptions> options) : IAnalyzeParameterSource
{
    public ValueTask<AnalyzeParameters> ForAsync(RolloutKey rollout, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new AnalyzeParameters(options.Value.Engine, ParameterOrigin.Configured));
}
