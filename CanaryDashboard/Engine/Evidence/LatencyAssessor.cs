namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// Latency evidence from the histograms' bucket counts: a distribution-free, anytime-valid
/// interval for each version's quantile from its order statistics, and the relative delta's
/// interval from the two (README, "Evidence").
/// </summary>
internal static class LatencyAssessor
{
    /// <param name="scale">Multiplies every count (1 for what was measured; more to project).</param>
    /// <param name="canaryRankShift">Moves the canary's bound ranks outwards by this many standard deviations of the order statistic (power: 0).</param>
    public static LatencyEvidence Assess(VersionCounts canary, VersionCounts stable, EngineParameters engine, EvidenceParameters evidence,
        double scale = 1, double canaryRankShift = 0)
    {
        var threshold = engine.LatencyThreshold;
        var confidence = evidence.Confidence;
        if (canary.Latency is not { } c)
            return NoData($"canary latency histogram: {canary.LatencyProblem ?? "missing"}");
        if (stable.Latency is not { } s)
            return NoData($"stable latency histogram: {stable.LatencyProblem ?? "missing"}");

        var cq = Version(c, scale, evidence, canaryRankShift);
        var sq = Version(s, scale, evidence, 0);
        var tooFew = ErrorRateAssessor.TooFew(cq.Count, sq.Count, engine.MinRequests);

        // A relative delta needs the stable quantile above 0; a histogram whose buckets all end at or below 0 cannot say.
        if (!(sq.Interval.Upper > 0))
            tooFew ??= "the stable quantile's upper bound is 0 (a relative delta needs it above 0)";
        var interval = sq.Interval.Upper > 0
            ? new Interval(cq.Interval.Lower / sq.Interval.Upper - 1, sq.Interval.Lower > 0 ? cq.Interval.Upper / sq.Interval.Lower - 1 : double.PositiveInfinity)
            : new Interval(-1, double.PositiveInfinity);
        double? delta = cq.Estimate is { } ce && sq.Estimate is { } se && se > 0 ? ce / se - 1 : null;
        double? atLeast = cq.AboveTopBucket && sq.Estimate is { } se2 && se2 > 0 ? cq.TopFiniteBound / se2 - 1 : null;
        var verdict = tooFew is null
            ? MetricDecision.Decide(interval, delta ?? atLeast ?? double.NaN, threshold, evidence.BreachRule)
            : EvidenceVerdict.Insufficient;
        return new LatencyEvidence(verdict, cq, sq, delta, atLeast, interval, evidence.Quantile, threshold, confidence, tooFew);

        LatencyEvidence NoData(string why) =>
            new(EvidenceVerdict.Insufficient, null, null, null, null, null, evidence.Quantile, threshold, confidence, why);
    }

    /// <summary>
    /// One version's quantile interval. With S = #{observations ≤ q_p} binomial (n, p), the
    /// sequence's accepted counts [k_lo, k_hi] give q_p ≥ X₍k_lo₎ and q_p &lt; X₍⌊k_hi⌋+1₎; each order
    /// statistic is placed in its bucket as <c>histogram_quantile</c> places a rank. A bound whose
    /// rank is in the +Inf bucket is the top finite bound (lower) or unbounded (upper).
    /// </summary>
    internal static VersionQuantile Version(LatencyHistogram histogram, double scale, EvidenceParameters evidence, double rankShift)
    {
        var p = evidence.Quantile;
        var n = histogram.Total * scale;
        var accepted = ConfidenceSequence.AcceptedCounts(n, p, evidence.AlphaPerSequence, evidence.QuantilePrior);

        var lowerRank = accepted.Lower - rankShift * OrderStatisticSpread(accepted.Lower, n);
        var lower = lowerRank <= 0 ? histogram.ValueAtRank(0, out _) : histogram.ValueAtRank(lowerRank / scale, out _);
        // ValueAtRank already answers the top finite bound for a rank in +Inf: a valid lower bound.

        var upperRank = Math.Floor(accepted.Upper) + 1;
        upperRank += rankShift * OrderStatisticSpread(upperRank, n);
        var upper = double.PositiveInfinity; // beyond the last observation, or in the +Inf bucket: no upper bound
        if (upperRank <= n)
        {
            var value = histogram.ValueAtRank(upperRank / scale, out var inInfBucket);
            if (!inInfBucket) upper = value;
        }

        var estimate = histogram.ValueAtRank(p * histogram.Total, out var aboveTop);
        var share = histogram.Total > 0 ? histogram.AboveTopCount / histogram.Total : 0;
        return new VersionQuantile(n, p, n > 0 && !aboveTop ? estimate : null, n > 0 && aboveTop, histogram.TopFiniteBound, share,
            new Interval(lower, upper));
    }

    /// <summary>sd of the count at or below the k-th order statistic's value: √(k(1 − k/n)) (binomial).</summary>
    private static double OrderStatisticSpread(double rank, double n) =>
        n > 0 && rank > 0 && rank < n ? Math.Sqrt(rank * (1 - rank / n)) : 0;
}
