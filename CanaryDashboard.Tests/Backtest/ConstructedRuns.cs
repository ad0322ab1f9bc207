using CanaryDashboard.Backtest;
using CanaryDashboard.Backtest.Library;
using CanaryDashboard.Model;

namespace CanaryDashboard.Tests.Backtest;

/// <summary>
/// Runs built sample by sample, one poll a minute, with deltas chosen far from the thresholds. Each
/// poll carries point estimates (the rate window) and counts: a million requests per version and poll
/// with exactly the expected errors and log-normal buckets (no noise), so the evidence since a rung's
/// entry is as sharp as the point estimates: +15 % reads as [+14 %, +16 %].
/// </summary>
internal static class ConstructedRuns
{
    public const double StableP99 = 0.100;
    public const double StableErrorRate = 0.010;
    private const double CountsPerPoll = 1_000_000;

    /// <summary>One poll: a relative latency delta and an absolute error delta, in the point estimates and the counts alike.</summary>
    public static Poll P(double latency, double errors = 0, double requests = 1000) => new(latency, errors, requests, latency, true);

    /// <summary>A blip of the rate window's estimate only (+<paramref name="latency"/>); the poll's counts are healthy.</summary>
    public static Poll Blip(double latency) => new(latency, 0, 1000, 0, true);

    /// <summary>Too few requests (10, below the default minimum of 50), none counted: insufficient data and no evidence.</summary>
    public static Poll Gap => new(0, 0, 10, 0, false);

    public readonly record struct Poll(double Latency, double Errors, double Requests, double CountsLatency, bool Counted);

    public static RecordedRun Run(string id, RecordedOutcome outcome, RunTruth? label, params Poll[] polls) =>
        Build(id, outcome, label, withCounts: true, polls);

    /// <summary>The same run as stored before counts were kept.</summary>
    public static RecordedRun WithoutCounts(string id, RecordedOutcome outcome, RunTruth? label, params Poll[] polls) =>
        Build(id, outcome, label, withCounts: false, polls);

    private static RecordedRun Build(string id, RecordedOutcome outcome, RunTruth? label, bool withCounts, Poll[] polls)
    {
        var samples = polls.Select((p, i) => new ReplaySample(i * 60, StableP99 * (1 + p.Latency), StableP99,
            StableErrorRate + p.Errors, StableErrorRate, p.Requests, p.Requests)).ToArray();
        return new RecordedRun(id, new RolloutKey("test", id), "rev-" + id, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), samples, outcome, label,
            counts: withCounts ? Counts(polls) : null);
    }

    private static RecordedCounts Counts(Poll[] polls)
    {
        var bounds = LibraryTraffic.Bounds;
        var counts = new RecordedCounts(bounds, polls.Length);
        var canary = new Running(bounds.Length);
        var stable = new Running(bounds.Length);
        for (var i = 0; i < polls.Length; i++)
        {
            var p = polls[i];
            if (!p.Counted) continue;   // a gap: 10 requests, nothing worth counting, and the counts were not read
            canary.Add(LibraryTraffic.StableMedianSeconds * (1 + p.CountsLatency), StableErrorRate + p.Errors);
            stable.Add(LibraryTraffic.StableMedianSeconds, StableErrorRate);
            canary.WriteTo(counts, i, CountedVersion.Canary);
            stable.WriteTo(counts, i, CountedVersion.Stable);
        }
        return counts;
    }

    private sealed class Running(int bounds)
    {
        private readonly double[] _shares = new double[bounds + 1];
        private readonly double[] _buckets = new double[bounds + 1];
        private readonly double[] _cumulative = new double[bounds];
        private double _requests, _errors;

        public void Add(double median, double errorRate)
        {
            LibraryTraffic.Shares(median, LibraryTraffic.Sigma, _shares);
            for (var b = 0; b < _buckets.Length; b++) _buckets[b] += CountsPerPoll * _shares[b];
            _requests += CountsPerPoll;
            _errors += CountsPerPoll * errorRate;
        }

        public void WriteTo(RecordedCounts counts, int sample, CountedVersion version)
        {
            var running = 0.0;
            for (var b = 0; b < _cumulative.Length; b++) _cumulative[b] = running += _buckets[b];
            counts.Set(sample, version, _requests, _errors, _cumulative, running + _buckets[^1]);
        }
    }
}
