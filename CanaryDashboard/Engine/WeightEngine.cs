using System.Globalization;

namespace CanaryDashboard.Engine;

/// <summary>
/// The seed's interpolation (DESIGN §3), made safe: the one place a safe weight is computed.
/// Pure: no I/O, no clock, no state. Charts, the ladder, backtests and exports all call it.
/// </summary>
public static class WeightEngine
{
    /// <summary>Evaluates one sample from raw per-version metrics.</summary>
    public static EngineResult Evaluate(EngineInputs inputs, EngineParameters parameters)
    {
        if (FindInsufficiency(inputs, parameters) is { } why)
            return new EngineResult(Verdict.InsufficientData, null, null, null, null, null, null, false, "insufficient data: " + why);

        var latencyDelta = (inputs.CanaryP99!.Value - inputs.StableP99!.Value) / inputs.StableP99.Value;
        var errorDelta = inputs.CanaryErrorRate!.Value - inputs.StableErrorRate!.Value;
        return EvaluateDeltas(latencyDelta, errorDelta, parameters);
    }

    /// <summary>Evaluates already-computed deltas (curves, the evaluate API, backtests).</summary>
    public static EngineResult EvaluateDeltas(double latencyDelta, double errorDelta, EngineParameters p)
    {
        if (!double.IsFinite(latencyDelta) || !double.IsFinite(errorDelta))
            return new EngineResult(Verdict.InsufficientData, Finite(latencyDelta), Finite(errorDelta), null, null, null, null, false,
                "insufficient data: a delta is not a finite number");

        var latencyPenalty = Math.Exp(-latencyDelta * p.LatencyDecay);
        var errorPenalty = 1.0 - errorDelta * p.ErrorSlope;
        var safetyFactor = Math.Max(p.SafetyFloor, latencyPenalty * Math.Max(p.ErrorFloor, errorPenalty));
        var raw = p.MinWeight + safetyFactor * (p.MaxWeight - p.MinWeight);
        // The seed lets a faster canary (negative delta) push the weight past maxWeight: clamp.
        var clamped = Math.Clamp(raw, p.MinWeight, p.MaxWeight);
        var weight = RoundToTenth(clamped);

        var latencyBreach = latencyDelta > p.LatencyThreshold;
        var errorBreach = errorDelta > p.ErrorThreshold;
        var verdict = latencyBreach || errorBreach ? Verdict.Breach : Verdict.Proceed;
        var reason = verdict == Verdict.Breach
            ? BreachReason(latencyDelta, errorDelta, latencyBreach, errorBreach, p)
            : ProceedReason(latencyDelta, errorDelta, latencyPenalty, errorPenalty, safetyFactor, weight, raw != clamped);
        return new EngineResult(verdict, latencyDelta, errorDelta, latencyPenalty, errorPenalty, safetyFactor, weight, raw != clamped, reason);
    }

    /// <summary>Rounds to one decimal, half away from zero (as Go's <c>math.Round(x*10)/10</c>).</summary>
    public static double RoundToTenth(double value) => Math.Round(value * 10, MidpointRounding.AwayFromZero) / 10;

    private static string? FindInsufficiency(EngineInputs i, EngineParameters p)
    {
        var missing = new List<string>();
        void Need(double? value, string what)
        {
            if (value is null) missing.Add(what + " is missing");
            else if (!double.IsFinite(value.Value)) missing.Add($"{what} is {Fmt(value.Value)}");
        }
        Need(i.StableP99, "stable p99");
        Need(i.CanaryP99, "canary p99");
        Need(i.StableErrorRate, "stable error rate");
        Need(i.CanaryErrorRate, "canary error rate");
        Need(i.StableRequests, "stable request count");
        Need(i.CanaryRequests, "canary request count");
        if (missing.Count > 0) return string.Join(", ", missing);

        if (i.StableP99 <= 0) return $"stable p99 is {Fmt(i.StableP99!.Value)} s, a relative delta needs it above 0";
        if (i.CanaryP99 < 0) return $"canary p99 is negative ({Fmt(i.CanaryP99!.Value)} s)";
        if (i.CanaryRequests < p.MinRequests || i.StableRequests < p.MinRequests)
            return $"too few requests (canary {Fmt(i.CanaryRequests!.Value)}, stable {Fmt(i.StableRequests!.Value)}; minimum {Fmt(p.MinRequests)} each)";
        return null;
    }

    private static string ProceedReason(double ld, double ed, double lp, double ep, double sf, double weight, bool clamped) =>
        $"latency {Pct(ld)} → penalty {Fmt3(lp)} · errors {Pp(ed)} → {Fmt3(ep)} · safety {Fmt3(sf)} → weight {weight.ToString("0.0", CultureInfo.InvariantCulture)}" +
        (clamped ? " (clamped)" : "");

    private static string BreachReason(double ld, double ed, bool lb, bool eb, EngineParameters p)
    {
        var parts = new List<string>();
        if (lb) parts.Add($"latency {Pct(ld)} > threshold {Pct(p.LatencyThreshold)}");
        if (eb) parts.Add($"errors {Pp(ed)} > threshold {Pp(p.ErrorThreshold)}");
        return "breach: " + string.Join(" and ", parts);
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
    private static string Pct(double fraction) => (fraction * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";
    private static string Pp(double fraction) => (fraction * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " pp";
    private static string Fmt3(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
    internal static string Fmt(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
