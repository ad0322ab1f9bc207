namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// Evidence, not point estimates: turns the counts Prometheus holds for canary and stable into
/// the error-rate and latency deltas with anytime-valid intervals, and a verdict that is safe to
/// act on however often it is asked for. Pure: no I/O, no clock, no state.
/// <para>
/// Decision rule (default): breach when an interval lies wholly above its threshold; within when
/// both intervals lie at or below their thresholds; otherwise hold. With the default 95 %, a
/// canary within both thresholds is aborted — and one beyond a threshold is let through — with
/// probability at most 5 % over a whole rung, at any polling rate (Ville's inequality over four
/// beta-binomial mixture martingales, Bonferroni-combined). Formulas, defaults and measured
/// rates: <c>Engine/README.md</c>, "Evidence".
/// </para>
/// </summary>
public static class EvidenceEngine
{
    /// <summary>The verdict, both metrics' evidence, what more a hold needs, and the reason in words.</summary>
    /// <exception cref="ArgumentException">The parameters are invalid (validate configuration before calling).</exception>
    public static EvidenceResult Evaluate(EvidenceInputs inputs, EngineParameters engine, EvidenceParameters? evidence = null)
    {
        evidence ??= EvidenceParameters.Default;
        var assessment = Assess(inputs, engine, evidence);
        var needed = EvidenceProjection.Project(inputs, assessment, engine, evidence);
        return new EvidenceResult(assessment.Verdict, assessment.Errors, assessment.Latency, needed, EvidenceText.Describe(assessment, needed));
    }

    /// <summary>
    /// What more a hold needs (<c>null</c> unless <paramref name="assessment"/> holds on data that
    /// can be projected): about twenty further assessments, so a poller with many rollouts may ask
    /// for it only when a person looks, or once per rung and minute.
    /// </summary>
    public static EvidenceNeeded? Needed(EvidenceInputs inputs, EvidenceAssessment assessment, EngineParameters engine, EvidenceParameters? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(engine);
        evidence ??= EvidenceParameters.Default;
        ThrowIfInvalid(engine, evidence);
        return EvidenceProjection.Project(inputs, assessment, engine, evidence);
    }

    /// <summary>The verdict and both metrics' evidence, without the projection (replays, simulations, every look of a poller).</summary>
    /// <exception cref="ArgumentException">The parameters are invalid.</exception>
    public static EvidenceAssessment Assess(EvidenceInputs inputs, EngineParameters engine, EvidenceParameters? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(engine);
        evidence ??= EvidenceParameters.Default;
        ThrowIfInvalid(engine, evidence);
        var errors = ErrorRateAssessor.Assess(inputs.Canary ?? VersionCounts.Missing, inputs.Stable ?? VersionCounts.Missing, engine, evidence);
        var latency = LatencyAssessor.Assess(inputs.Canary ?? VersionCounts.Missing, inputs.Stable ?? VersionCounts.Missing, engine, evidence);
        return new EvidenceAssessment(MetricDecision.Combine(errors.Verdict, latency.Verdict), errors, latency);
    }

    private static void ThrowIfInvalid(EngineParameters engine, EvidenceParameters evidence)
    {
        // The common case checks without allocating (a replay asks hundreds of thousands of times).
        if (IsFinite(engine.LatencyThreshold) && engine.LatencyThreshold > 0 && IsFinite(engine.ErrorThreshold) && engine.ErrorThreshold > 0
            && IsFinite(engine.MinRequests) && engine.MinRequests >= 0
            && evidence.Confidence is > 0 and < 1 && evidence.Quantile is > 0 and < 1 && Enum.IsDefined(evidence.BreachRule)
            && evidence.ErrorPrior.IsValid && evidence.QuantilePriorWeight > 0 && IsFinite(evidence.QuantilePriorWeight))
            return;
        // Only the engine fields the evidence reads: thresholds and the minimum count.
        var problems = engine.Validate()
            .Where(p => p.Field is nameof(EngineParameters.LatencyThreshold) or nameof(EngineParameters.ErrorThreshold) or nameof(EngineParameters.MinRequests))
            .Concat(evidence.Validate())
            .ToList();
        throw new ArgumentException("cannot weigh the evidence: " + string.Join("; ", problems));

        static bool IsFinite(double value) => double.IsFinite(value);
    }
}
