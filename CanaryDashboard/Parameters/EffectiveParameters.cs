using CanaryDashboard.Engine;

namespace CanaryDashboard.Parameters;

/// <summary>The engine parameters in force for one rollout, and where they came from.</summary>
public sealed record EffectiveParameters(EngineParameters Engine, ParameterOrigin Origin);
