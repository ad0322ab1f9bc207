namespace CanaryDashboard.Engine;

/// <summary>The verdict and safe weight of one sample, without the reason text.</summary>
public readonly record struct EngineAssessment(Verdict Verdict, double SafeWeight);

public static partial class WeightEngine
{
    /// <summary>
    /// What <see cref="Evaluate"/> concludes for raw metrics (verdict and safe weight), without
    /// building the reason text or any object: backtests replay hundreds of thousands of samples.
    /// <see cref="double.NaN"/> stands for a missing value. Same rules as <see cref="Evaluate"/>
    /// (a test holds the two equal over the edge cases).
    /// </summary>
    public static EngineAssessment Assess(
        double canaryP99, double stableP99, double canaryErrorRate, double stableErrorRate,
        double canaryRequests, double stableRequests, EngineParameters parameters)
    {
        if (!HasSufficientData(canaryP99, stableP99, canaryErrorRate, stableErrorRate, canaryRequests, stableRequests, parameters))
            return new EngineAssessment(Verdict.InsufficientData, 0);
        var latencyDelta = (canaryP99 - stableP99) / stableP99;
        var errorDelta = canaryErrorRate - stableErrorRate;
        if (!double.IsFinite(latencyDelta) || !double.IsFinite(errorDelta))
            return new EngineAssessment(Verdict.InsufficientData, 0);
        var c = Compute(latencyDelta, errorDelta, parameters);
        return new EngineAssessment(c.Verdict, c.Verdict == Verdict.Proceed ? c.Weight : 0);
    }

    /// <summary>True exactly when <see cref="FindInsufficiency"/> finds nothing (NaN = missing).</summary>
    private static bool HasSufficientData(double canaryP99, double stableP99, double canaryErrorRate, double stableErrorRate,
        double canaryRequests, double stableRequests, EngineParameters p) =>
        double.IsFinite(stableP99) && stableP99 > 0
        && double.IsFinite(canaryP99) && canaryP99 >= 0
        && double.IsFinite(stableErrorRate) && stableErrorRate is >= 0 and <= 1
        && double.IsFinite(canaryErrorRate) && canaryErrorRate is >= 0 and <= 1
        && double.IsFinite(canaryRequests) && canaryRequests >= p.MinRequests && canaryRequests >= 0
        && double.IsFinite(stableRequests) && stableRequests >= p.MinRequests && stableRequests >= 0;
}
