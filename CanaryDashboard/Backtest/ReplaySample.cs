namespace CanaryDashboard.Backtest;

/// <summary>
/// One recorded poll of a run, as a backtest replays it: when (seconds after the run started) and
/// the raw metrics the engine needs. A struct of doubles with <see cref="double.NaN"/> for a
/// missing value (not nullables), so 720 samples are one flat array of 40 KB.
/// </summary>
public readonly record struct ReplaySample(
    double OffsetSeconds,
    double CanaryP99,
    double StableP99,
    double CanaryErrorRate,
    double StableErrorRate,
    double CanaryRequests,
    double StableRequests)
{
    /// <summary>From a stored sample's nullable values (null becomes NaN: missing).</summary>
    public static ReplaySample From(double offsetSeconds, double? canaryP99, double? stableP99, double? canaryErrorRate,
        double? stableErrorRate, double? canaryRequests, double? stableRequests) =>
        new(offsetSeconds, canaryP99 ?? double.NaN, stableP99 ?? double.NaN, canaryErrorRate ?? double.NaN,
            stableErrorRate ?? double.NaN, canaryRequests ?? double.NaN, stableRequests ?? double.NaN);
}
