using CanaryDashboard.Engine;

namespace CanaryDashboard.Tuning;

/// <summary>
/// One engine parameter as the studio edits it: a slider range and step, a label and a one-line
/// explanation, and how it reads from and writes into <see cref="EngineParameters"/>. Values are in
/// the engine's own units (fractions), so the reasons <see cref="EngineParameters.Validate"/> gives
/// read the same as the field. <see cref="Name"/> is the property name, as in <see cref="ParameterProblem.Field"/>.
/// </summary>
public sealed class TuningParameter
{
    private readonly Func<EngineParameters, double> _read;
    private readonly Func<EngineParameters, double, EngineParameters> _write;

    private TuningParameter(string name, string label, string explanation, double min, double max, double step,
        Func<EngineParameters, double> read, Func<EngineParameters, double, EngineParameters> write)
    {
        Name = name;
        Label = label;
        Explanation = explanation;
        Min = min;
        Max = max;
        Step = step;
        _read = read;
        _write = write;
    }

    public string Name { get; }
    public string Label { get; }
    public string Explanation { get; }

    /// <summary>The slider's range; the number field takes any value and validation decides.</summary>
    public double Min { get; }
    public double Max { get; }
    public double Step { get; }

    public double Read(EngineParameters parameters) => _read(parameters);

    public EngineParameters Write(EngineParameters parameters, double value) => _write(parameters, value);

    /// <summary>The reasons <paramref name="parameters"/> are refused for this field; empty when none.</summary>
    public IEnumerable<string> ProblemsIn(IReadOnlyList<ParameterProblem> problems) =>
        problems.Where(p => p.Field == Name).Select(p => p.Reason);

    /// <summary>Every engine parameter, in the order of the formula.</summary>
    public static IReadOnlyList<TuningParameter> All { get; } =
    [
        new(nameof(EngineParameters.LatencyDecay), "Latency decay (k)", "latencyPenalty = exp(−latencyDelta × k); higher punishes slow canaries harder. Seed: 10.",
            0, 40, 0.5, p => p.LatencyDecay, (p, v) => p with { LatencyDecay = v }),
        new(nameof(EngineParameters.ErrorSlope), "Error slope (s)", "errorPenalty = 1 − errorDelta × s. Seed: 20.",
            0, 100, 1, p => p.ErrorSlope, (p, v) => p with { ErrorSlope = v }),
        new(nameof(EngineParameters.SafetyFloor), "Safety floor", "The safety factor never drops below this, in (0, 1]. Seed: 0.1.",
            0.01, 1, 0.01, p => p.SafetyFloor, (p, v) => p with { SafetyFloor = v }),
        new(nameof(EngineParameters.ErrorFloor), "Error floor", "The error penalty never drops below this inside the product, in (0, 1]. Seed: 0.2.",
            0.01, 1, 0.01, p => p.ErrorFloor, (p, v) => p with { ErrorFloor = v }),
        new(nameof(EngineParameters.MinWeight), "Min weight (%)", "The weight a safety factor of 0 maps to, and the lower clamp. Seed: 5.",
            0, 50, 1, p => p.MinWeight, (p, v) => p with { MinWeight = v }),
        new(nameof(EngineParameters.MaxWeight), "Max weight (%)", "The weight a safety factor of 1 maps to, and the upper clamp. Seed: 100.",
            1, 100, 1, p => p.MaxWeight, (p, v) => p with { MaxWeight = v }),
        new(nameof(EngineParameters.LatencyThreshold), "Latency threshold", "Breach when the relative p99 delta is above this (0.2 = +20 %).",
            0.01, 1, 0.01, p => p.LatencyThreshold, (p, v) => p with { LatencyThreshold = v }),
        new(nameof(EngineParameters.ErrorThreshold), "Error threshold", "Breach when the error-rate delta is above this (0.02 = +2 pp).",
            0.001, 0.1, 0.001, p => p.ErrorThreshold, (p, v) => p with { ErrorThreshold = v }),
        new(nameof(EngineParameters.MinRequests), "Minimum requests", "Fewer requests than this for either version in the window is insufficient data.",
            0, 1000, 10, p => p.MinRequests, (p, v) => p with { MinRequests = v }),
    ];
}
