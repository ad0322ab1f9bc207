namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// How much evidence a decision needs. The thresholds and the minimum request count are the
/// engine's (<see cref="EngineParameters.LatencyThreshold"/>, <see cref="EngineParameters.ErrorThreshold"/>,
/// <see cref="EngineParameters.MinRequests"/>), so a profile has one place for them. Defaults and
/// the numbers behind them: <c>Engine/README.md</c>, "Evidence".
/// </summary>
public sealed record EvidenceParameters
{
    /// <summary>
    /// Simultaneous coverage of every interval at every look of a rung: with this probability no
    /// interval shown during the rung misses its true value, so a breach or a within-threshold
    /// verdict is wrong with probability at most 1 − this, however often the poller looks.
    /// Split evenly over the four per-version sequences (canary and stable, errors and p99).
    /// </summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>The latency quantile compared (0.99: p99).</summary>
    public double Quantile { get; init; } = 0.99;

    public BreachRule BreachRule { get; init; } = BreachRule.IntervalAboveThreshold;

    /// <summary>
    /// Mixing prior of the error-rate sequences: Beta(1, 20), mean ≈ 5 %, the scale at which error regressions matter.
    /// Chosen for speed at the error rates services run at (README); validity does not depend on it.
    /// </summary>
    public BetaPrior ErrorPrior { get; init; } = new(1, 20);

    /// <summary>
    /// Weight, in pseudo-observations, of the prior centred on <see cref="Quantile"/> that mixes the
    /// quantile's rank sequence: 100 makes it tightest around 10³–10⁴ requests, where p99 decisions fall (README).
    /// </summary>
    public double QuantilePriorWeight { get; init; } = 100;

    public static EvidenceParameters Default { get; } = new();

    /// <summary>Miscoverage allowed to each of the four per-version sequences (Bonferroni).</summary>
    public double AlphaPerSequence => (1 - Confidence) / 4;

    public BetaPrior QuantilePrior => BetaPrior.Centered(Quantile, QuantilePriorWeight);

    /// <summary>Every problem, each with the field and the reason; empty when valid.</summary>
    public IReadOnlyList<ParameterProblem> Validate()
    {
        var problems = new List<ParameterProblem>();
        if (!(Confidence > 0 && Confidence < 1))
            problems.Add(new(nameof(Confidence), $"must be in (0, 1) (was {Confidence})"));
        if (!(Quantile > 0 && Quantile < 1))
            problems.Add(new(nameof(Quantile), $"must be in (0, 1) (was {Quantile})"));
        if (!Enum.IsDefined(BreachRule))
            problems.Add(new(nameof(BreachRule), $"is not a known rule (was {(int)BreachRule})"));
        if (!ErrorPrior.IsValid)
            problems.Add(new(nameof(ErrorPrior), $"needs both shapes finite and above 0 (was {ErrorPrior.A}, {ErrorPrior.B})"));
        if (!(QuantilePriorWeight > 0 && double.IsFinite(QuantilePriorWeight)))
            problems.Add(new(nameof(QuantilePriorWeight), $"must be finite and above 0 (was {QuantilePriorWeight})"));
        return problems;
    }
}
