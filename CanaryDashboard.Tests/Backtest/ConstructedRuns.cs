using CanaryDashboard.Backtest;
using CanaryDashboard.Model;

namespace CanaryDashboard.Tests.Backtest;

/// <summary>Runs built sample by sample, one poll a minute, with deltas chosen far from the thresholds.</summary>
internal static class ConstructedRuns
{
    public const double StableP99 = 0.100;
    public const double StableErrorRate = 0.010;

    /// <summary>One poll: a relative latency delta and an absolute error delta, 1,000 requests per version.</summary>
    public static (double Latency, double Errors, double Requests) P(double latency, double errors = 0, double requests = 1000) => (latency, errors, requests);

    /// <summary>Too few requests (10, below the default minimum of 50): insufficient data.</summary>
    public static (double Latency, double Errors, double Requests) Gap => (0, 0, 10);

    public static RecordedRun Run(string id, RecordedOutcome outcome, RunTruth? label, params (double Latency, double Errors, double Requests)[] polls)
    {
        var samples = polls.Select((p, i) => new ReplaySample(i * 60, StableP99 * (1 + p.Latency), StableP99,
            StableErrorRate + p.Errors, StableErrorRate, p.Requests, p.Requests)).ToArray();
        return new RecordedRun(id, new RolloutKey("test", id), "rev-" + id, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), samples, outcome, label);
    }
}
