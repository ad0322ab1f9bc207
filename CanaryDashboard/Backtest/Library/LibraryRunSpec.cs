using CanaryDashboard.Simulation.Workload;

namespace CanaryDashboard.Backtest.Library;

/// <summary>
/// One kind of run in the library: a workload scenario, optionally with a step regression laid over
/// the canary (relative p99 and absolute error-rate increase from <see cref="StepFrom"/> on), what
/// the run really is, and how many runs of it to record.
/// </summary>
public sealed record LibraryRunSpec(
    string Name,
    TrafficScenario Scenario,
    RunTruth Truth,
    string Description,
    int Count,
    double LatencyStep = 0,
    double ErrorStep = 0,
    TimeSpan StepFrom = default)
{
    /// <summary>
    /// Healthy and noisy-but-healthy runs, and regressions of several sizes: the workload's own slow
    /// latency drift and pool exhaustion, latency steps of +10 %, +35 % and +80 %, error steps of
    /// +1.5 and +5 percentage points. The small ones sit under the default thresholds on purpose.
    /// </summary>
    public static IReadOnlyList<LibraryRunSpec> Default { get; } =
    [
        new("healthy", TrafficScenario.Healthy, RunTruth.Healthy, "healthy", 6),
        new("noisy", TrafficScenario.NoisyButHealthy, RunTruth.Healthy, "noisy but healthy (p99 ±6 %, errors ±0.1 pp)", 6),
        new("slow-latency", TrafficScenario.SlowLatencyRegression, RunTruth.Regression, "latency drifting +4 % → +29 % over 30 min", 2),
        new("pool-exhaustion", TrafficScenario.PoolExhaustion, RunTruth.Regression, "connection pool exhausted from 30 % weight", 2),
        new("latency-10", TrafficScenario.Healthy, RunTruth.Regression, "latency +10 %", 2, LatencyStep: 0.10),
        new("latency-35", TrafficScenario.Healthy, RunTruth.Regression, "latency +35 % from minute 2", 2, LatencyStep: 0.35, StepFrom: TimeSpan.FromMinutes(2)),
        new("latency-80", TrafficScenario.Healthy, RunTruth.Regression, "latency +80 %", 2, LatencyStep: 0.80),
        new("errors-1.5", TrafficScenario.Healthy, RunTruth.Regression, "errors +1.5 pp", 2, ErrorStep: 0.015),
        new("errors-5", TrafficScenario.Healthy, RunTruth.Regression, "errors +5 pp", 2, ErrorStep: 0.05),
    ];
}
