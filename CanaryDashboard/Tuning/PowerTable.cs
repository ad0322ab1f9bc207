using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tuning;

/// <summary>One row of the power table: what the canary is like, and the evidence's need under two sets of parameters.</summary>
public sealed record PowerRow(string Canary, PowerCell Candidate, PowerCell Current);

/// <summary>"4,600 requests (≈ 7 min 40 s)", or why there is no number ("below the threshold: not a breach").</summary>
public sealed record PowerCell(double? CanaryRequests, string Text);

/// <summary>
/// How many canary requests a rung needs before the evidence tells a canary apart, with the
/// thresholds of the candidate and of the current parameters (<see cref="EvidencePower"/>, 80 % of
/// the time). Assumes a stable that errs on <see cref="StableErrorRate"/> of its requests and
/// whose latency spreads like <see cref="TypicalShape"/>: the table compares parameters, it does not measure a service.
/// </summary>
public static class PowerTable
{
    public const double DefaultCanaryRequestsPerSecond = 10;
    /// <summary>Stable takes nine times the canary's traffic (a 10 % canary).</summary>
    public const double StableShare = 9;
    public const double StableErrorRate = 0.001;

    public static IReadOnlyList<double> LatencyDeltas { get; } = [0.35, 0.5, 1.0];
    public static IReadOnlyList<double> ErrorDeltas { get; } = [0.03, 0.10];

    /// <summary>A log-normal latency with a median of 100 ms and a p99 of about 400 ms, on Prometheus' default buckets.</summary>
    public static LatencyHistogram TypicalShape { get; } = LatencyHistogram.TryFromSorted(
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        [0, 0.000056, 0.010009, 0.122415, 0.5, 0.937903, 0.996537, 0.999944, 1, 1, 1], 1, out _)!;

    /// <summary>The rows; <paramref name="canaryRequestsPerSecond"/> must be a positive number (the form refuses others).</summary>
    public static IReadOnlyList<PowerRow> Build(EngineParameters candidate, EngineParameters current, EvidenceParameters evidence, double canaryRequestsPerSecond)
    {
        var rows = new List<PowerRow>();
        foreach (var delta in LatencyDeltas)
            rows.Add(new($"p99 {EvidenceText.Percent(delta)}", Latency(candidate, delta), Latency(current, delta)));
        foreach (var delta in ErrorDeltas)
            rows.Add(new($"errors {EvidenceText.Pp(delta, true, "0.##")} pp", Errors(candidate, delta), Errors(current, delta)));
        rows.Add(new("healthy (no change): shown within the thresholds", Healthy(candidate), Healthy(current)));
        return rows;

        PowerCell Latency(EngineParameters p, double delta) => Cell(EvidencePower.Latency(TypicalShape, delta, canaryRequestsPerSecond,
            canaryRequestsPerSecond * StableShare, p, evidence), wanted: EvidenceVerdict.Breach);

        PowerCell Errors(EngineParameters p, double delta) => Cell(EvidencePower.ErrorRate(StableErrorRate, delta, canaryRequestsPerSecond,
            canaryRequestsPerSecond * StableShare, p, evidence), wanted: EvidenceVerdict.Breach);

        // A healthy canary is shown within only when both metrics are: the slower of the two decides.
        PowerCell Healthy(EngineParameters p)
        {
            var latency = EvidencePower.Latency(TypicalShape, 0, canaryRequestsPerSecond, canaryRequestsPerSecond * StableShare, p, evidence);
            var errors = EvidencePower.ErrorRate(StableErrorRate, 0, canaryRequestsPerSecond, canaryRequestsPerSecond * StableShare, p, evidence);
            var slower = latency.CanaryRequests is null || errors.CanaryRequests is null ? (latency.CanaryRequests is null ? latency : errors)
                : latency.CanaryRequests >= errors.CanaryRequests ? latency : errors;
            return Cell(slower, wanted: EvidenceVerdict.WithinThreshold);
        }
    }

    private static PowerCell Cell(PowerEstimate estimate, EvidenceVerdict wanted)
    {
        if (estimate.Shows != wanted)
            return new(null, estimate.Shows == EvidenceVerdict.Insufficient ? "on the threshold: never told apart" : "within the threshold: not a breach");
        if (estimate.CanaryRequests is not { } n || estimate.Time is not { } t)
            return new(null, "more than a billion requests");
        return new(n, $"{EvidenceText.Count(n)} requests (≈ {EvidenceText.Duration(t)})");
    }

    /// <summary>The typed traffic, or the reason it is refused.</summary>
    public static bool TryParseRate(string? text, out double rate, out string? problem)
    {
        problem = null;
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out rate) || !double.IsFinite(rate))
            problem = "type a number of requests per second, e.g. 10";
        else if (rate <= 0)
            problem = "must be above 0 requests per second";
        return problem is null;
    }
}
