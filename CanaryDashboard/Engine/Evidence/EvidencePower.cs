namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// What a rung needs to tell a given canary apart: the canary requests (and the time at the
/// given traffic) after which the evidence shows <see cref="Shows"/> — a breach for a delta above
/// its threshold, within for one below — with probability about <see cref="Power"/>.
/// <see cref="CanaryRequests"/> is <c>null</c> when no amount of traffic would (a delta exactly at
/// its threshold, or beyond 10⁹ requests).
/// </summary>
public sealed record PowerEstimate(EvidenceVerdict Shows, double? CanaryRequests, TimeSpan? Time, double Power, string Reason);

/// <summary>
/// Power for the tuning studio: the same intervals as <see cref="EvidenceEngine"/>, fed the counts
/// a canary with the given true delta would produce, with the canary's sampling noise taken at its
/// (1 − power) quantile (normal approximation of the binomial count; the stable side, usually far
/// larger, at its expectation). One rung's looks are one growing sample, so a test that looks
/// often decides at least as early as this, not later.
/// </summary>
public static class EvidencePower
{
    public const double DefaultPower = 0.8;
    private const double MaxRequests = 1e9;

    /// <summary>
    /// Requests until an error-rate delta of <paramref name="errorDelta"/> (a fraction: 0.03 = 3 pp)
    /// over a stable error rate of <paramref name="stableErrorRate"/> shows.
    /// </summary>
    /// <exception cref="ArgumentException">A rate, delta, traffic or power is out of range, or the parameters are invalid.</exception>
    public static PowerEstimate ErrorRate(double stableErrorRate, double errorDelta, double canaryRequestsPerSecond, double stableRequestsPerSecond,
        EngineParameters engine, EvidenceParameters? evidence = null, double power = DefaultPower)
    {
        evidence ??= EvidenceParameters.Default;
        Check(canaryRequestsPerSecond, stableRequestsPerSecond, power, engine, evidence);
        if (!(stableErrorRate is >= 0 and <= 1) || !double.IsFinite(errorDelta) || !(stableErrorRate + errorDelta is >= 0 and <= 1))
            throw new ArgumentException($"the stable error rate ({stableErrorRate}) and the canary's ({stableErrorRate + errorDelta}) must both be in [0, 1]");

        var goal = Goal(errorDelta, engine.ErrorThreshold);
        var canaryRate = stableErrorRate + errorDelta;
        var z = SpecialFunctions.NormalQuantile(power);
        var ratio = stableRequestsPerSecond / canaryRequestsPerSecond;
        var requests = goal == EvidenceVerdict.Insufficient ? null : Search(engine.MinRequests, n =>
        {
            var stableN = n * ratio;
            var spread = Math.Sqrt(canaryRate * (1 - canaryRate) / n + stableErrorRate * (1 - stableErrorRate) / stableN);
            var observed = goal == EvidenceVerdict.Breach ? errorDelta - z * spread : errorDelta + z * spread;
            var canaryErrors = Math.Clamp(n * (stableErrorRate + observed), 0, n);
            return ErrorRateAssessor.Assess(new VersionCounts(n, canaryErrors, null), new VersionCounts(stableN, stableN * stableErrorRate, null),
                engine, evidence).Verdict == goal;
        });
        var what = $"errors {EvidenceText.Pp(errorDelta, true)} pp over {EvidenceText.Pp(stableErrorRate, false)} %";
        return Estimate(goal, requests, canaryRequestsPerSecond, power, what, $"{EvidenceText.Pp(engine.ErrorThreshold, false, "0.##")} pp");
    }

    /// <summary>
    /// Requests until a relative latency delta of <paramref name="latencyDelta"/> (0.35 = every
    /// request 35 % slower) shows, for a service whose latency has the shape of
    /// <paramref name="stableShape"/> (the stable histogram; only its proportions are used).
    /// </summary>
    /// <exception cref="ArgumentException">A delta, traffic or power is out of range, the shape is empty, or the parameters are invalid.</exception>
    public static PowerEstimate Latency(LatencyHistogram stableShape, double latencyDelta, double canaryRequestsPerSecond, double stableRequestsPerSecond,
        EngineParameters engine, EvidenceParameters? evidence = null, double power = DefaultPower)
    {
        ArgumentNullException.ThrowIfNull(stableShape);
        evidence ??= EvidenceParameters.Default;
        Check(canaryRequestsPerSecond, stableRequestsPerSecond, power, engine, evidence);
        if (!(stableShape.Total > 0)) throw new ArgumentException("the stable shape has no observations", nameof(stableShape));
        if (!(latencyDelta > -1) || !double.IsFinite(latencyDelta)) throw new ArgumentException($"must be above −1 (was {latencyDelta})", nameof(latencyDelta));

        var goal = Goal(latencyDelta, engine.LatencyThreshold);
        var z = SpecialFunctions.NormalQuantile(power);
        var ratio = stableRequestsPerSecond / canaryRequestsPerSecond;
        var bounds = stableShape.FiniteBounds.ToArray();
        var requests = goal == EvidenceVerdict.Insufficient ? null : Search(engine.MinRequests, n =>
        {
            var canary = Shaped(stableShape, bounds, n, 1 + latencyDelta);
            var stable = Shaped(stableShape, bounds, n * ratio, 1);
            return LatencyAssessor.Assess(new VersionCounts(n, 0, canary), new VersionCounts(n * ratio, 0, stable), engine, evidence,
                canaryRankShift: z).Verdict == goal;
        });
        var what = $"{EvidenceText.QuantileName(evidence.Quantile)} {EvidenceText.Percent(latencyDelta)}";
        return Estimate(goal, requests, canaryRequestsPerSecond, power, what, EvidenceText.Percent(engine.LatencyThreshold, signed: false));
    }

    /// <summary>The shape's histogram with every observation <paramref name="slowdown"/> times slower, holding <paramref name="total"/> observations.</summary>
    private static LatencyHistogram Shaped(LatencyHistogram shape, double[] bounds, double total, double slowdown)
    {
        var cumulative = new double[bounds.Length];
        for (var i = 0; i < bounds.Length; i++)
            cumulative[i] = total * shape.CountAtOrBelow(bounds[i] / slowdown) / shape.Total;
        return LatencyHistogram.TryFromSorted(bounds, cumulative, total, out _)!;
    }

    private static EvidenceVerdict Goal(double delta, double threshold) =>
        delta > threshold ? EvidenceVerdict.Breach : delta < threshold ? EvidenceVerdict.WithinThreshold : EvidenceVerdict.Insufficient;

    /// <summary>The least n (to 1 %) at which <paramref name="shows"/> holds: doubling from the minimum count, then bisection.</summary>
    private static double? Search(double minimum, Func<double, bool> shows)
    {
        var low = Math.Max(1, minimum);
        if (shows(low)) return low;
        var high = low * 2;
        while (!shows(high))
        {
            if (high >= MaxRequests) return null;
            low = high;
            high = Math.Min(high * 2, MaxRequests);
        }
        while (high / low > 1.01)
        {
            var middle = Math.Sqrt(low * high);
            if (shows(middle)) high = middle;
            else low = middle;
        }
        return Math.Ceiling(high);
    }

    private static PowerEstimate Estimate(EvidenceVerdict goal, double? requests, double canaryRequestsPerSecond, double power, string what, string threshold)
    {
        TimeSpan? time = requests is { } r ? TimeSpan.FromSeconds(r / canaryRequestsPerSecond) : null;
        var chance = EvidenceText.Percent(power, signed: false);
        var reason = goal switch
        {
            EvidenceVerdict.Insufficient => $"{what} sits on the {threshold} threshold: no amount of traffic tells it apart",
            _ when requests is null => $"{what}: more than {EvidenceText.Count(MaxRequests)} canary requests",
            EvidenceVerdict.Breach => $"{what} shows as a breach of {threshold} after {EvidenceText.Count(requests!.Value)} canary requests (≈ {EvidenceText.Duration(time!.Value)} at {EvidenceText.Rate(canaryRequestsPerSecond)} req/s), {chance} of the time",
            _ => $"{what} shows within {threshold} after {EvidenceText.Count(requests!.Value)} canary requests (≈ {EvidenceText.Duration(time!.Value)} at {EvidenceText.Rate(canaryRequestsPerSecond)} req/s), {chance} of the time",
        };
        return new PowerEstimate(goal, requests, time, power, reason);
    }

    private static void Check(double canaryRequestsPerSecond, double stableRequestsPerSecond, double power, EngineParameters engine, EvidenceParameters evidence)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (!(canaryRequestsPerSecond > 0) || !double.IsFinite(canaryRequestsPerSecond))
            throw new ArgumentException($"must be above 0 (was {canaryRequestsPerSecond})", nameof(canaryRequestsPerSecond));
        if (!(stableRequestsPerSecond > 0) || !double.IsFinite(stableRequestsPerSecond))
            throw new ArgumentException($"must be above 0 (was {stableRequestsPerSecond})", nameof(stableRequestsPerSecond));
        if (!(power is > 0 and < 1)) throw new ArgumentException($"must be in (0, 1) (was {power})", nameof(power));
        // The same checks Assess makes, so a bad profile fails here and not on the first search step.
        EvidenceEngine.Assess(new EvidenceInputs(VersionCounts.Missing, VersionCounts.Missing), engine, evidence);
    }
}
