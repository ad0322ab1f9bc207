namespace CanaryDashboard.Engine;

/// <summary>
/// Every constant of the seed's interpolation, named and tunable. Defaults are the seed's
/// values (DESIGN §3); the thresholds were cut from the article, so ours are 20 % relative
/// p99 and 2 percentage points of errors. Bound from configuration (section <c>Engine</c>)
/// and from query strings, hence the settable properties.
/// </summary>
public sealed record EngineParameters
{
    /// <summary>k in <c>latencyPenalty = exp(−latencyDelta × k)</c>. Seed: 10.</summary>
    public double LatencyDecay { get; init; } = 10;

    /// <summary>s in <c>errorPenalty = 1 − errorDelta × s</c>. Seed: 20.</summary>
    public double ErrorSlope { get; init; } = 20;

    /// <summary>Lower bound of the safety factor. Seed: 0.1.</summary>
    public double SafetyFloor { get; init; } = 0.1;

    /// <summary>Lower bound of the error penalty inside the product. Seed: 0.2.</summary>
    public double ErrorFloor { get; init; } = 0.2;

    /// <summary>The weight a safety factor of 0 maps to, and the lower clamp. Seed: 5.</summary>
    public double MinWeight { get; init; } = 5;

    /// <summary>The weight a safety factor of 1 maps to, and the upper clamp. Seed: 100.</summary>
    public double MaxWeight { get; init; } = 100;

    /// <summary>Breach when the relative p99 delta is strictly greater than this.</summary>
    public double LatencyThreshold { get; init; } = 0.20;

    /// <summary>Breach when the absolute error-rate delta is strictly greater than this.</summary>
    public double ErrorThreshold { get; init; } = 0.02;

    /// <summary>Fewer requests than this, for either version in the window, is insufficient data.</summary>
    public double MinRequests { get; init; } = 50;

    public static EngineParameters Default { get; } = new();

    /// <summary>Every problem with these parameters, each with the field and the reason; empty when valid.</summary>
    public IReadOnlyList<ParameterProblem> Validate() => EngineParameterValidator.Validate(this);
}
