namespace CanaryDashboard.Engine.Evidence;

/// <summary>Error-rate evidence from request and error counts (the decision rule: README, "Evidence").</summary>
internal static class ErrorRateAssessor
{
    /// <summary>
    /// Extrapolation lets <c>increase()</c> over 5xx exceed <c>increase()</c> over all requests by a
    /// hair when nearly every request fails; more than this is a broken query, not noise.
    /// </summary>
    private const double ErrorsAboveRequestsTolerance = 0.01;

    /// <param name="scale">Multiplies every count (1 for what was measured; more to project).</param>
    public static ErrorRateEvidence Assess(VersionCounts canary, VersionCounts stable, EngineParameters engine, EvidenceParameters evidence, double scale = 1)
    {
        var threshold = engine.ErrorThreshold;
        var confidence = evidence.Confidence;
        var problem = Problem(canary, "canary") ?? Problem(stable, "stable");
        if (problem is not null)
            return new ErrorRateEvidence(EvidenceVerdict.Insufficient, null, null, null, null, threshold, confidence, problem);

        var alpha = evidence.AlphaPerSequence;
        var c = Version(canary, scale, alpha, evidence.ErrorPrior);
        var s = Version(stable, scale, alpha, evidence.ErrorPrior);
        double? delta = double.IsFinite(c.Rate - s.Rate) ? c.Rate - s.Rate : null; // NaN when a version has no requests
        var interval = new Interval(c.Interval.Lower - s.Interval.Upper, c.Interval.Upper - s.Interval.Lower);
        var tooFew = TooFew(c.Requests, s.Requests, engine.MinRequests);
        var verdict = tooFew is null ? MetricDecision.Decide(interval, delta ?? double.NaN, threshold, evidence.BreachRule) : EvidenceVerdict.Insufficient;
        return new ErrorRateEvidence(verdict, c, s, delta, interval, threshold, confidence, tooFew);
    }

    private static VersionErrorRate Version(VersionCounts counts, double scale, double alpha, BetaPrior prior)
    {
        var requests = counts.Requests * scale;
        var errors = Math.Min(counts.Errors, counts.Requests) * scale;
        var rate = requests > 0 ? errors / requests : double.NaN;
        return new VersionErrorRate(requests, errors, rate, ConfidenceSequence.Proportion(errors, requests, alpha, prior));
    }

    private static string? Problem(VersionCounts counts, string role)
    {
        if (double.IsNaN(counts.Requests)) return $"{role} request count is missing";
        if (double.IsNaN(counts.Errors)) return $"{role} error count is missing";
        if (!double.IsFinite(counts.Requests) || counts.Requests < 0) return $"{role} request count is {EvidenceText.Count(counts.Requests)}";
        if (!double.IsFinite(counts.Errors) || counts.Errors < 0) return $"{role} error count is {EvidenceText.Count(counts.Errors)}";
        if (counts.Errors > counts.Requests * (1 + ErrorsAboveRequestsTolerance) + 1)
            return $"{role} errors ({EvidenceText.Count(counts.Errors)}) exceed its requests ({EvidenceText.Count(counts.Requests)})";
        return null;
    }

    internal static string? TooFew(double canary, double stable, double minimum)
    {
        if (canary < minimum) return $"too few canary requests ({EvidenceText.Count(canary)} of {EvidenceText.Count(minimum)})";
        if (stable < minimum) return $"too few stable requests ({EvidenceText.Count(stable)} of {EvidenceText.Count(minimum)})";
        return null;
    }
}
