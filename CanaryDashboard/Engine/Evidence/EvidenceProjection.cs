namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// How much more traffic a hold needs: the smallest factor f by which every count (canary and
/// stable, requests, errors and buckets) would have to grow, with the same proportions, for the
/// evidence to decide. This is the data the poller would see if the current estimates were the
/// truth and the traffic kept its split; noise can make it come sooner or later.
/// </summary>
internal static class EvidenceProjection
{
    /// <summary>Beyond ten thousand times the current data, a rung should not wait: "not within reach".</summary>
    private const double MaxFactor = 1e4;

    /// <summary>
    /// Doubling, then bisection to 2 % on f: about twenty evaluations. <c>null</c> when there is no
    /// data to project from (a metric is missing or invalid).
    /// </summary>
    public static EvidenceNeeded? Project(EvidenceInputs inputs, EvidenceAssessment now, EngineParameters engine, EvidenceParameters evidence)
    {
        if (now.Verdict != EvidenceVerdict.Insufficient || now.Errors.Canary is null || now.Latency.Canary is null)
            return null;
        var canaryRequests = Math.Max(now.Errors.Canary.Requests, now.Latency.Canary.Count);
        // Scaling cannot grow a version that has nothing yet: no projection until both have traffic.
        if (!(now.Errors.Canary.Requests > 0 && now.Errors.Stable!.Requests > 0 && now.Latency.Canary.Count > 0 && now.Latency.Stable!.Count > 0))
            return null;
        double? rate = inputs.Window is { TotalSeconds: > 0 } w ? canaryRequests / w.TotalSeconds : null;

        var low = 1.0;
        var high = 2.0;
        EvidenceVerdict reached;
        while ((reached = VerdictAt(high)) == EvidenceVerdict.Insufficient)
        {
            if (high >= MaxFactor) return new EvidenceNeeded(EvidenceVerdict.Insufficient, null, null, rate);
            low = high;
            high = Math.Min(high * 2, MaxFactor);
        }
        while (high / low > 1.02)
        {
            var middle = Math.Sqrt(low * high);
            var verdict = VerdictAt(middle);
            if (verdict == EvidenceVerdict.Insufficient) low = middle;
            else (high, reached) = (middle, verdict);
        }
        var more = (high - 1) * canaryRequests;
        TimeSpan? time = inputs.Window is { TotalSeconds: > 0 } window ? window * (high - 1) : null;
        return new EvidenceNeeded(reached, more, time, rate);

        EvidenceVerdict VerdictAt(double factor) => MetricDecision.Combine(
            ErrorRateAssessor.Assess(inputs.Canary, inputs.Stable, engine, evidence, factor).Verdict,
            LatencyAssessor.Assess(inputs.Canary, inputs.Stable, engine, evidence, factor).Verdict);
    }
}
