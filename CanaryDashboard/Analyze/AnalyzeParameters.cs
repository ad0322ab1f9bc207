using CanaryDashboard.Engine;

namespace CanaryDashboard.Analyze;

/// <summary>
/// Where a set of engine parameters came from: <see cref="Source"/> is <c>configuration</c> for the
/// <c>Engine</c> section; a threshold profile also names itself and its version. Every
/// <c>/analyze</c> answer carries it, so a decision can be traced to the thresholds it used.
/// </summary>
public sealed record ParameterOrigin(string Source, string? Name = null, int? Version = null)
{
    public const string Configuration = "configuration";

    /// <summary>The configured <c>Engine</c> section.</summary>
    public static ParameterOrigin Configured { get; } = new(Configuration);
}

/// <summary>The engine parameters one <c>/analyze</c> answer judges a rollout with, and their origin.</summary>
public sealed record AnalyzeParameters(EngineParameters Engine, ParameterOrigin Origin);
