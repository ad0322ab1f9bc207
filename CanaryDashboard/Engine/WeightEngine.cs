using System.Globalization;

namespace CanaryDashboard.Engine;

/// <summary>
/// The seed's interpolation (DESIGN §3), made safe: the one place a safe weight is computed.
/// Pure: no I/O, no clock, no state. Charts, the ladder, backtests and exports all call it.
/// Parameters are assumed valid (<see cref="EngineParameters.Validate"/>): configuration is
/// validated at start and the API validates query parameters before calling in.
/// </summary>
public static partial class WeightEngine
{
    /// <summary>Evaluates one sample from raw per-version metrics.</summary>
    public static EngineResult Evaluate(EngineInputs inputs, EngineParameters parameters)
    {
        if (FindInsufficiency(inputs, parameters) is { } why)
        {
            // Deltas that can be computed are still reported (a chart can show them); a weight never is.
            return new EngineResult(Verdict.InsufficientData, LatencyDeltaOf(inputs), ErrorDeltaOf(inputs),
                null, null, null, null, false, "insufficient data: " + why);
        }

        var latencyDelta = (inputs.CanaryP99!.Value - inputs.StableP99!.Value) / inputs.StableP99.Value;
        var errorDelta = inputs.CanaryErrorRate!.Value - inputs.StableErrorRate!.Value;
        return EvaluateDeltas(latencyDelta, errorDelta, parameters);
    }

    /// <summary>Evaluates already-computed deltas (curves, the evaluate API, backtests).</summary>
    public static EngineResult EvaluateDeltas(double latencyDelta, double errorDelta, EngineParameters p)
    {
        if (!double.IsFinite(latencyDelta) || !double.IsFinite(errorDelta))
        {
            var which = !double.IsFinite(latencyDelta) && !double.IsFinite(errorDelta)
                ? $"latency delta is {Fmt(latencyDelta)} and error delta is {Fmt(errorDelta)}"
                : !double.IsFinite(latencyDelta) ? $"latency delta is {Fmt(latencyDelta)}" : $"error delta is {Fmt(errorDelta)}";
            return new EngineResult(Verdict.InsufficientData, Finite(latencyDelta), Finite(errorDelta), null, null, null, null, false,
                "insufficient data: " + which + ", not a finite number");
        }

        var c = Compute(latencyDelta, errorDelta, p);
        var reason = c.Verdict == Verdict.Breach
            ? BreachReason(latencyDelta, errorDelta, c.LatencyBreach, c.ErrorBreach, p)
            : ProceedReason(latencyDelta, errorDelta, c.LatencyPenalty, c.ErrorPenalty, c.SafetyFactor, c.Weight, c.Clamped);
        return new EngineResult(c.Verdict, latencyDelta, errorDelta, c.LatencyPenalty, c.ErrorPenalty, c.SafetyFactor, c.Weight, c.Clamped, reason);
    }

    /// <summary>Rounds to one decimal, half away from zero (as Go's <c>math.Round(x*10)/10</c>).</summary>
    public static double RoundToTenth(double value) => Math.Round(value * 10, MidpointRounding.AwayFromZero) / 10;

    /// <summary>
    /// The formula itself, without words or allocation: <see cref="EvaluateDeltas"/> and the
    /// curve sampler both go through here, so a chart can never disagree with a decision.
    /// Deltas must be finite.
    /// </summary>
    internal static Computation Compute(double latencyDelta, double errorDelta, EngineParameters p)
    {
        var latencyPenalty = Math.Exp(-latencyDelta * p.LatencyDecay);
        var errorPenalty = 1.0 - errorDelta * p.ErrorSlope;
        var product = latencyPenalty * Math.Max(p.ErrorFloor, errorPenalty);
        // 0 × ∞ (an absurdly slow canary with an absurdly negative error delta) is NaN, and Math.Max
        // propagates NaN: an infinitely slow canary deserves the floor, not a NaN weight.
        if (double.IsNaN(product)) product = 0;
        var safetyFactor = Math.Max(p.SafetyFloor, product);
        var raw = p.MinWeight + safetyFactor * (p.MaxWeight - p.MinWeight);
        // The seed lets a faster canary (negative delta) push the weight past maxWeight: clamp.
        var bounded = Math.Min(Math.Max(raw, p.MinWeight), p.MaxWeight);
        var latencyBreach = latencyDelta > p.LatencyThreshold;
        var errorBreach = errorDelta > p.ErrorThreshold;
        return new Computation(latencyPenalty, errorPenalty, safetyFactor, RoundToTenth(bounded), raw != bounded, latencyBreach, errorBreach);
    }

    /// <summary>The numbers of one evaluation, before they are put into words.</summary>
    internal readonly record struct Computation(
        double LatencyPenalty, double ErrorPenalty, double SafetyFactor, double Weight, bool Clamped, bool LatencyBreach, bool ErrorBreach)
    {
        public Verdict Verdict => LatencyBreach || ErrorBreach ? Verdict.Breach : Verdict.Proceed;
    }

    /// <summary>Every reason the inputs cannot be trusted, joined; <c>null</c> when they can. Allocates only when there is one.</summary>
    private static string? FindInsufficiency(EngineInputs i, EngineParameters p)
    {
        List<string>? problems = null;
        void Add(string problem) => (problems ??= []).Add(problem);
        bool Need(double? value, string what)
        {
            if (value is null) Add(what + " is missing");
            else if (!double.IsFinite(value.Value)) Add($"{what} is {Fmt(value.Value)}");
            else return true;
            return false;
        }

        if (Need(i.StableP99, "stable p99") && i.StableP99 <= 0)
            Add($"stable p99 is {Fmt(i.StableP99!.Value)} s (a relative delta needs it above 0)");
        if (Need(i.CanaryP99, "canary p99") && i.CanaryP99 < 0)
            Add($"canary p99 is negative ({Fmt(i.CanaryP99!.Value)} s)");
        if (Need(i.StableErrorRate, "stable error rate") && i.StableErrorRate is < 0 or > 1)
            Add($"stable error rate is {Fmt(i.StableErrorRate!.Value)}, outside [0, 1]");
        if (Need(i.CanaryErrorRate, "canary error rate") && i.CanaryErrorRate is < 0 or > 1)
            Add($"canary error rate is {Fmt(i.CanaryErrorRate!.Value)}, outside [0, 1]");
        var stableCounted = Need(i.StableRequests, "stable request count");
        var canaryCounted = Need(i.CanaryRequests, "canary request count");
        // Negative counts can only come from a broken source; they are never "enough", whatever the minimum.
        if (canaryCounted && (i.CanaryRequests < p.MinRequests || i.CanaryRequests < 0))
            Add($"too few canary requests ({Fmt(i.CanaryRequests!.Value)}, minimum {Fmt(p.MinRequests)})");
        if (stableCounted && (i.StableRequests < p.MinRequests || i.StableRequests < 0))
            Add($"too few stable requests ({Fmt(i.StableRequests!.Value)}, minimum {Fmt(p.MinRequests)})");
        return problems is null ? null : string.Join("; ", problems);
    }

    private static double? LatencyDeltaOf(EngineInputs i) =>
        i is { CanaryP99: { } c, StableP99: { } s } && double.IsFinite(c) && double.IsFinite(s) && s > 0 && c >= 0
            ? Finite((c - s) / s)
            : null;

    private static double? ErrorDeltaOf(EngineInputs i) =>
        i is { CanaryErrorRate: { } c, StableErrorRate: { } s } && double.IsFinite(c) && double.IsFinite(s)
            ? Finite(c - s)
            : null;

    private static string ProceedReason(double ld, double ed, double lp, double ep, double sf, double weight, bool clamped) =>
        $"latency {Pct(ld)} → penalty {Fmt3(lp)} · errors {Pp(ed)} → {Fmt3(ep)} · safety {Fmt3(sf)} → weight {weight.ToString("0.0", CultureInfo.InvariantCulture)}" +
        (clamped ? " (clamped)" : "");

    private static string BreachReason(double ld, double ed, bool lb, bool eb, EngineParameters p)
    {
        var parts = new List<string>(2);
        if (lb)
        {
            var (value, threshold) = Distinct(ld * 100, p.LatencyThreshold * 100, 1);
            parts.Add($"latency {value}% > threshold {threshold}%");
        }
        if (eb)
        {
            var (value, threshold) = Distinct(ed * 100, p.ErrorThreshold * 100, 2);
            parts.Add($"errors {value} pp > threshold {threshold} pp");
        }
        return "breach: " + string.Join(" and ", parts);
    }

    /// <summary>
    /// Formats a value and its threshold with enough decimals that they differ: a delta a hair
    /// above the threshold must not read "20.0% &gt; 20.0%".
    /// </summary>
    private static (string Value, string Threshold) Distinct(double value, double threshold, int decimals)
    {
        for (var d = decimals; ; d++)
        {
            var format = "+0." + new string('0', d) + ";-0." + new string('0', d) + ";0." + new string('0', d);
            var v = value.ToString(format, CultureInfo.InvariantCulture);
            var t = threshold.ToString("0." + new string('0', d), CultureInfo.InvariantCulture);
            if (v.TrimStart('+') != t || d >= 9) return (v, t);
        }
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
    private static string Pct(double fraction) => (fraction * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";
    private static string Pp(double fraction) => (fraction * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " pp";
    private static string Fmt3(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
    internal static string Fmt(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
