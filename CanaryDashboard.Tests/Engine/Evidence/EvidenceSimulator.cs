using CanaryDashboard.Backtest.Library;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Engine.Evidence;

/// <summary>One version's simulated traffic: Poisson arrivals, independent errors, log-normal service times.</summary>
public sealed record SimulatedVersion(double RequestsPerSecond, double ErrorRate, double LatencyMedianSeconds, double LatencySigma);

/// <summary>
/// One rung as the poller sees it: counts since the rung's entry, read every <see cref="LookEvery"/>
/// for <see cref="Duration"/>, through histograms with <see cref="Bounds"/> (finite upper bounds).
/// </summary>
public sealed record SimulatedRung(SimulatedVersion Canary, SimulatedVersion Stable, double[] Bounds, TimeSpan Duration, TimeSpan LookEvery)
{
    /// <summary>The workload's buckets (10 ms wide to 600 ms, then 0.8, 1, 2.5, 5 s): what the repository's Prometheus tests scrape.</summary>
    public static readonly double[] WorkloadBounds =
        [.. Enumerable.Range(1, 60).Select(i => Math.Round(i * 0.01, 2)), 0.8, 1.0, 2.5, 5.0];

    /// <summary>prometheus-net's / client_golang's default buckets.</summary>
    public static readonly double[] DefaultClientBounds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>
    /// A healthy stable service: 0.5 % errors, log-normal latency with median 100 ms and σ 0.5
    /// (p99 = 100 ms × e^(2.326 × 0.5) = 320 ms), the canary at 10 % of the traffic.
    /// </summary>
    public static SimulatedRung Healthy(double canaryRequestsPerSecond, TimeSpan? duration = null) => new(
        new SimulatedVersion(canaryRequestsPerSecond, 0.005, 0.100, 0.5),
        new SimulatedVersion(canaryRequestsPerSecond * 9, 0.005, 0.100, 0.5),
        WorkloadBounds, duration ?? TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(2));

    /// <summary>The healthy rung with every canary request <paramref name="latencyFactor"/> times slower and <paramref name="extraErrors"/> more errors.</summary>
    public static SimulatedRung Regressed(double canaryRequestsPerSecond, double latencyFactor, double extraErrors, TimeSpan? duration = null)
    {
        var healthy = Healthy(canaryRequestsPerSecond, duration);
        return healthy with
        {
            Canary = healthy.Canary with
            {
                ErrorRate = healthy.Canary.ErrorRate + extraErrors,
                LatencyMedianSeconds = healthy.Canary.LatencyMedianSeconds * latencyFactor,
            },
        };
    }
}

/// <summary>The decision rules a simulated rung is judged by, on the same data.</summary>
public enum SimulatedRule
{
    /// <summary>The engine's default: anytime-valid intervals, breach when one lies above its threshold.</summary>
    Anytime,
    /// <summary>The same intervals with <see cref="BreachRule.WorseThanStableAndEstimateAboveThreshold"/>.</summary>
    AnytimeWorseThanStable,
    /// <summary>The engine before evidence: point estimates (histogram_quantile, error ratio) against the thresholds, ≥ MinRequests.</summary>
    PointEstimate,
    /// <summary>Fixed-sample intervals (Wilson per version, binomial order-statistic ranks) at the same confidence and split, looked at every time.</summary>
    OneLook,
}

/// <summary>When, in one simulated rung, each rule first decided (seconds since the rung's entry; <c>null</c>: never).</summary>
public sealed class SimulatedRun
{
    private static readonly int Rules = Enum.GetValues<SimulatedRule>().Length;

    public double?[] FirstBreach { get; } = new double?[Rules];
    public double?[] FirstWithin { get; } = new double?[Rules];

    public double? Breach(SimulatedRule rule) => FirstBreach[(int)rule];
    public double? Within(SimulatedRule rule) => FirstWithin[(int)rule];
}

/// <summary>
/// A deterministic Monte Carlo of the poller's looks at one rung (seeded; no clock). Between two
/// looks each version receives Poisson(rate × Δt) requests; with Poisson arrivals the counts per
/// histogram bucket, errors and successes are independent Poisson variables, so they are drawn per
/// bucket instead of per request (a 100 req/s rung costs 65 draws per look, not 200).
/// Requests and the histogram are drawn separately (two counters of the same traffic, as Prometheus
/// holds them), so the error and latency evidence see independent noise.
/// </summary>
public sealed class EvidenceSimulator
{
    private readonly SimulatedRung _rung;
    private readonly EngineParameters _engine;
    private readonly EvidenceParameters _evidence;
    private readonly double[] _canaryBucketMeans;
    private readonly double[] _stableBucketMeans;

    public EvidenceSimulator(SimulatedRung rung, EngineParameters engine, EvidenceParameters evidence)
    {
        _rung = rung;
        _engine = engine;
        _evidence = evidence;
        var dt = rung.LookEvery.TotalSeconds;
        _canaryBucketMeans = BucketMeans(rung.Canary, rung.Bounds, dt);
        _stableBucketMeans = BucketMeans(rung.Stable, rung.Bounds, dt);
    }

    /// <summary>
    /// Looks until the rung's end, or until every rule judged has breached when
    /// <paramref name="stopAtBreach"/>. <paramref name="oneLook"/> adds the fixed-sample rule
    /// (exact binomial sums: slow at 100 req/s).
    /// </summary>
    public SimulatedRun Run(int seed, bool stopAtBreach, bool oneLook = false)
    {
        var random = new Random(seed);
        var bounds = _rung.Bounds;
        var canaryBuckets = new double[bounds.Length + 1];
        var stableBuckets = new double[bounds.Length + 1];
        var canaryCumulative = new double[bounds.Length];
        var stableCumulative = new double[bounds.Length];
        double canaryRequests = 0, canaryErrors = 0, stableRequests = 0, stableErrors = 0;
        var run = new SimulatedRun();
        var dt = _rung.LookEvery.TotalSeconds;
        var looks = (int)Math.Round(_rung.Duration.TotalSeconds / dt);
        for (var look = 1; look <= looks; look++)
        {
            Draw(random, _rung.Canary, _canaryBucketMeans, canaryBuckets, ref canaryRequests, ref canaryErrors, dt);
            Draw(random, _rung.Stable, _stableBucketMeans, stableBuckets, ref stableRequests, ref stableErrors, dt);
            var inputs = new EvidenceInputs(
                new VersionCounts(canaryRequests, canaryErrors, Histogram(bounds, canaryBuckets, canaryCumulative)),
                new VersionCounts(stableRequests, stableErrors, Histogram(bounds, stableBuckets, stableCumulative)),
                TimeSpan.FromSeconds(look * dt));
            var at = look * dt;
            var assessment = EvidenceEngine.Assess(inputs, _engine, _evidence);
            Record(run, SimulatedRule.Anytime, assessment.Verdict, at);
            Record(run, SimulatedRule.AnytimeWorseThanStable, WorseThanStable(assessment), at);
            Record(run, SimulatedRule.PointEstimate, PointEstimate(assessment), at);
            if (oneLook) Record(run, SimulatedRule.OneLook, OneLook(inputs), at);
            if (stopAtBreach && run.Breach(SimulatedRule.Anytime) is not null && run.Breach(SimulatedRule.AnytimeWorseThanStable) is not null
                && run.Breach(SimulatedRule.PointEstimate) is not null && (!oneLook || run.Breach(SimulatedRule.OneLook) is not null))
                break;
        }
        return run;
    }

    private static void Record(SimulatedRun run, SimulatedRule rule, EvidenceVerdict verdict, double at)
    {
        if (verdict == EvidenceVerdict.Breach) run.FirstBreach[(int)rule] ??= at;
        if (verdict == EvidenceVerdict.WithinThreshold) run.FirstWithin[(int)rule] ??= at;
    }

    private static EvidenceVerdict WorseThanStable(EvidenceAssessment a)
    {
        const BreachRule rule = BreachRule.WorseThanStableAndEstimateAboveThreshold;
        var errors = a.Errors is { Problem: null, DeltaInterval: { } ei, Delta: { } ed }
            ? MetricDecision.Decide(ei, ed, a.Errors.Threshold, rule) : EvidenceVerdict.Insufficient;
        var latency = a.Latency is { Problem: null, DeltaInterval: { } li }
            ? MetricDecision.Decide(li, a.Latency.Delta ?? a.Latency.DeltaAtLeast ?? double.NaN, a.Latency.Threshold, rule) : EvidenceVerdict.Insufficient;
        return MetricDecision.Combine(errors, latency);
    }

    /// <summary>What <see cref="WeightEngine"/> concluded from the same counts: histogram_quantile's p99 (the top bound when in +Inf) and the error ratio.</summary>
    private EvidenceVerdict PointEstimate(EvidenceAssessment a)
    {
        if (a.Errors.Canary is not { } ce || a.Errors.Stable is not { } se || a.Latency.Canary is not { } cl || a.Latency.Stable is not { } sl)
            return EvidenceVerdict.Insufficient;
        var verdict = WeightEngine.Assess(cl.Estimate ?? cl.TopFiniteBound, sl.Estimate ?? sl.TopFiniteBound, ce.Rate, se.Rate,
            ce.Requests, se.Requests, _engine).Verdict;
        return verdict == Verdict.Breach ? EvidenceVerdict.Breach : EvidenceVerdict.Insufficient;
    }

    /// <summary>The default rule with fixed-sample intervals in place of the sequences (same confidence, same four-way split).</summary>
    private EvidenceVerdict OneLook(EvidenceInputs inputs)
    {
        var confidence = 1 - _evidence.AlphaPerSequence;
        var c = inputs.Canary;
        var s = inputs.Stable;
        if (c.Requests < _engine.MinRequests || s.Requests < _engine.MinRequests
            || c.Latency!.Total < _engine.MinRequests || s.Latency!.Total < _engine.MinRequests)
            return EvidenceVerdict.Insufficient;
        var wc = FixedSampleIntervals.Wilson(c.Errors, c.Requests, confidence);
        var ws = FixedSampleIntervals.Wilson(s.Errors, s.Requests, confidence);
        var errors = MetricDecision.Decide(new Interval(wc.Lower - ws.Upper, wc.Upper - ws.Lower), double.NaN, _engine.ErrorThreshold, BreachRule.IntervalAboveThreshold);
        var (cl, cu) = QuantileInterval(c.Latency, confidence);
        var (sl, su) = QuantileInterval(s.Latency, confidence);
        var latencyInterval = new Interval(cl / su - 1, sl > 0 ? cu / sl - 1 : double.PositiveInfinity);
        var latency = MetricDecision.Decide(latencyInterval, double.NaN, _engine.LatencyThreshold, BreachRule.IntervalAboveThreshold);
        return MetricDecision.Combine(errors, latency);

        (double Lower, double Upper) QuantileInterval(LatencyHistogram h, double level)
        {
            var (l, u) = FixedSampleIntervals.OrderStatisticRanks(h.Total, _evidence.Quantile, level);
            var lower = l < 1 ? 0 : h.ValueAtRank(l, out _);
            if (u > h.Total) return (lower, double.PositiveInfinity);
            var upper = h.ValueAtRank(u, out var above);
            return (lower, above ? double.PositiveInfinity : upper);
        }
    }
    private static LatencyHistogram Histogram(double[] bounds, double[] buckets, double[] cumulative)
    {
        var running = 0.0;
        for (var i = 0; i < bounds.Length; i++) cumulative[i] = running += buckets[i];
        return LatencyHistogram.TryFromSorted(bounds, cumulative, running + buckets[^1], out _)!;
    }

    private static void Draw(Random random, SimulatedVersion version, double[] bucketMeans, double[] buckets,
        ref double requests, ref double errors, double dt)
    {
        for (var i = 0; i < buckets.Length; i++) buckets[i] += Poisson.Sample(random, bucketMeans[i]);
        var newErrors = Poisson.Sample(random, version.RequestsPerSecond * dt * version.ErrorRate);
        errors += newErrors;
        requests += newErrors + Poisson.Sample(random, version.RequestsPerSecond * dt * (1 - version.ErrorRate));
    }

    /// <summary>
    /// A histogram holding exactly the expected counts of <paramref name="requests"/> log-normal
    /// requests (no noise): the shape the power and projection tests start from.
    /// </summary>
    public static LatencyHistogram ExpectedHistogram(double requests, double medianSeconds, double sigma, double[]? bounds = null)
    {
        bounds ??= SimulatedRung.WorkloadBounds;
        var cumulative = bounds.Select(b => requests * Normal.Cdf((Math.Log(b) - Math.Log(medianSeconds)) / sigma)).ToArray();
        return LatencyHistogram.TryFromSorted(bounds, cumulative, requests, out _)!;
    }

    /// <summary>Expected new observations per look in each bucket (the last one: above the top bound).</summary>
    private static double[] BucketMeans(SimulatedVersion version, double[] bounds, double dt)
    {
        var means = new double[bounds.Length + 1];
        var previous = 0.0;
        for (var i = 0; i < bounds.Length; i++)
        {
            var cdf = Normal.Cdf((Math.Log(bounds[i]) - Math.Log(version.LatencyMedianSeconds)) / version.LatencySigma);
            means[i] = version.RequestsPerSecond * dt * (cdf - previous);
            previous = cdf;
        }
        means[^1] = version.RequestsPerSecond * dt * (1 - previous);
        return means;
    }
}
