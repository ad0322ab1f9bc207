using System.Globalization;

namespace CanaryDashboard.Backtest.Library;

/// <summary>
/// One class of run in the scenario library: how much traffic the canary gets at the first rung
/// (the total is that divided by the first rung's weight, and the canary's share follows the weight
/// the loop puts it on), what the canary does to latency and errors against stable, whether the
/// traffic is noisy, what the run really is, and how many runs (seeds) of it to record.
/// </summary>
/// <param name="LatencyFactor">The canary's latency against stable's, every request alike (1.35: p99 +35 %).</param>
/// <param name="ExtraErrors">Added to stable's error rate for the canary (0.03: +3 pp).</param>
/// <param name="Noisy">Bursty traffic and latency and errors that wander poll to poll, alike for both versions.</param>
public sealed record LibraryRunSpec(
    string Name,
    RunTruth Truth,
    string Description,
    int Count,
    double CanaryRequestsPerSecondAtFirstRung,
    double LatencyFactor = 1,
    double ExtraErrors = 0,
    bool Noisy = false)
{
    /// <summary>
    /// 44 labelled runs: healthy at 1, 3, 10 and 100 canary req/s at the first rung and noisy but
    /// healthy (4 each), and regressions at 10 req/s of p99 +10, +20, +35, +100 % and errors +0.5,
    /// +1, +3, +10 pp (3 each). The default thresholds are +20 % p99 and +2 pp: +10 %, +0.5 pp and
    /// +1 pp are inside them (a regression the thresholds accept), +20 % sits exactly on one.
    /// </summary>
    public static IReadOnlyList<LibraryRunSpec> Default { get; } =
    [
        Healthy(1), Healthy(3), Healthy(10), Healthy(100),
        new("noisy", RunTruth.Healthy, "noisy but healthy at 10 req/s (bursts, p99 and errors wandering alike)", 4, 10, Noisy: true),
        Latency(0.10), Latency(0.20), Latency(0.35), Latency(1.00),
        Errors(0.005), Errors(0.01), Errors(0.03), Errors(0.10),
    ];

    private static LibraryRunSpec Healthy(double rate) =>
        new(I($"healthy-{rate:0}"), RunTruth.Healthy, I($"healthy at {rate:0} req/s"), 4, rate);

    private static LibraryRunSpec Latency(double increase) =>
        new(I($"p99+{increase * 100:0}%"), RunTruth.Regression, I($"p99 +{increase * 100:0} % at 10 req/s"), 3, 10, LatencyFactor: 1 + increase);

    private static LibraryRunSpec Errors(double increase) =>
        new(I($"errors+{increase * 100:0.#}pp"), RunTruth.Regression, I($"errors +{increase * 100:0.#} pp at 10 req/s"), 3, 10, ExtraErrors: increase);

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
