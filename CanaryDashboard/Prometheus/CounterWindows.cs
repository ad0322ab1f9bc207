using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using static CanaryDashboard.Prometheus.VersionCounterReader;

namespace CanaryDashboard.Prometheus;

/// <summary>The counts of one read: what <see cref="MetricsReading.Counts"/> and <see cref="MetricsReading.CountsSince"/> take.</summary>
public sealed record WindowCounts(EvidenceInputs? Counts, DateTimeOffset? Since, IReadOnlyList<string> Problems);

/// <summary>
/// Keeps, per rollout, the counters of the first read at or after its window's start (the baseline),
/// and turns every later read into counts since then: current − baseline, per version, for requests,
/// errors and every latency bucket. One instance for the process, because the poller and /analyze
/// read the same windows (concurrently, hence the lock) and each must see the same start.
/// </summary>
public sealed class CounterWindows(TimeProvider time)
{
    /// <summary>An entry not read for this long is dropped, so rollouts that finished or vanished do not pile up.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<RolloutKey, Window> _windows = new();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    /// <summary>How many windows are kept (for tests and diagnostics).</summary>
    public int Count { get { lock (_gate) return _windows.Count; } }

    public bool Tracks(RolloutKey rollout) { lock (_gate) return _windows.ContainsKey(rollout); }

    /// <summary>True when the next read of <paramref name="target"/> would open a new window (none kept, or another start, revision or label value).</summary>
    public bool NeedsBaseline(MetricTarget target)
    {
        if (target.WindowStart is null) return false;
        var identity = WindowIdentity.Of(target);
        lock (_gate) return !_windows.TryGetValue(target.Rollout, out var window) || window.Identity != identity;
    }

    /// <summary>
    /// Opens <paramref name="target"/>'s window with the counters Prometheus held at its start (read with
    /// <c>@</c>), so it counts from its real start rather than from the first read. Only when both versions
    /// had counters then: a version without series at the start might have had them a moment earlier
    /// (a scrape gap), and counting all it ever served would overstate the window.
    /// </summary>
    public bool Seed(MetricTarget target, VersionCounters? canary, VersionCounters? stable)
    {
        if (target.WindowStart is not { } start || canary is null || stable is null)
            return false;
        var identity = WindowIdentity.Of(target);
        lock (_gate)
        {
            if (_windows.TryGetValue(target.Rollout, out var known) && known.Identity == identity)
                return false;
            _windows[target.Rollout] = new Window(identity, new Baseline(start, canary, stable)) { LastRead = start };
            return true;
        }
    }

    /// <summary>
    /// The counts of <paramref name="target"/> read at <paramref name="at"/> (the target must have a
    /// window start). A version whose counters are missing (null) counts as missing.
    /// </summary>
    public WindowCounts Advance(MetricTarget target, DateTimeOffset at, VersionCounters? canary, VersionCounters? stable)
    {
        if (target.WindowStart is not { } start)
            return new WindowCounts(null, null, []);
        if (at < start)
            return new WindowCounts(null, null, [$"counts: the window starts at {start:O}, after this read ({at:O})"]);

        var identity = WindowIdentity.Of(target);
        lock (_gate)
        {
            Sweep();
            if (!_windows.TryGetValue(target.Rollout, out var window) || window.Identity != identity)
            {
                // A new rung, revision or label value is a new window: the old baseline says nothing about it.
                _windows[target.Rollout] = window = new Window(identity, new Baseline(at, canary, stable)) { LastRead = at };
                return Zero(window.Baseline, []);
            }
            window.LastRead = at > window.LastRead ? at : window.LastRead;
            if (at < window.Baseline.At)
                return new WindowCounts(null, null, ["counts: skipped, a newer read set the window's baseline meanwhile"]);

            if (RestartReason(window.Baseline, canary, stable) is { } reason)
            {
                window.Baseline = new Baseline(at, canary, stable);
                return Zero(window.Baseline, [$"counts: the window restarted at {at:O}: {reason}"]);
            }
            var counts = new EvidenceInputs(Difference(window.Baseline.Canary, canary), Difference(window.Baseline.Stable, stable), at - window.Baseline.At);
            return new WindowCounts(counts, window.Baseline.At, []);
        }
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        if (now - _lastSweep < SweepInterval) return;
        _lastSweep = now;
        foreach (var (rollout, window) in _windows.Where(w => now - w.Value.LastRead > IdleLimit).ToList())
            _windows.Remove(rollout);
    }

    private static WindowCounts Zero(Baseline baseline, IReadOnlyList<string> problems) =>
        new(new EvidenceInputs(Difference(baseline.Canary, baseline.Canary), Difference(baseline.Stable, baseline.Stable), TimeSpan.Zero),
            baseline.At, problems);

    /// <summary>Why the baseline no longer fits the counters (they went down, or appeared only now), or null.</summary>
    private static string? RestartReason(Baseline baseline, VersionCounters? canary, VersionCounters? stable) =>
        RestartReason("canary", baseline.Canary, canary) ?? RestartReason("stable", baseline.Stable, stable);

    private static string? RestartReason(string role, VersionCounters? before, VersionCounters? now)
    {
        if (now is null) return null; // missing this read: keep the baseline for when it is back
        if (before is null)
            return $"the {role}'s request counter appeared after the window's start (its pods started or were first scraped)";
        const string why = "(a pod restarted or went away)";
        if (Fell(before.Requests, now.Requests))
            return $"the {role}'s request counter fell to {Format(now.Requests)}, below its {Format(before.Requests)} at the window's start {why}";
        if (Fell(before.Errors, now.Errors))
            return $"the {role}'s 5xx counter fell to {Format(now.Errors)}, below its {Format(before.Errors)} at the window's start {why}";
        foreach (var (bound, count) in now.Buckets)
        {
            if (!before.Buckets.TryGetValue(bound, out var earlier))
                return $"the {role}'s latency bucket le=\"{Format(bound)}\" appeared after the window's start";
            if (Fell(earlier, count))
                return $"the {role}'s latency bucket le=\"{Format(bound)}\" fell to {Format(count)}, below its {Format(earlier)} at the window's start {why}";
        }
        return null;
    }

    /// <summary>Lower by more than the rounding of summing many series in another order.</summary>
    private static bool Fell(double before, double now) => now < before - 1e-9 * Math.Max(1, Math.Abs(before));

    private static VersionCounts Difference(VersionCounters? before, VersionCounters? now)
    {
        if (before is null || now is null) return VersionCounts.Missing;
        var buckets = now.Buckets.Count == 0
            ? null
            : now.Buckets.Where(b => before.Buckets.ContainsKey(b.Key))
                .Select(b => new HistogramBucket(b.Key, Math.Max(0, b.Value - before.Buckets[b.Key])));
        return VersionCounts.From(Math.Max(0, now.Requests - before.Requests), Math.Max(0, now.Errors - before.Errors), buckets?.ToList());
    }

    /// <summary>What makes two reads the same window: the rung's start, the revisions and the series' label values.</summary>
    private sealed record WindowIdentity(DateTimeOffset Start, string Job, string CanaryVersion, string StableVersion, string? CanaryRevision, string? StableRevision)
    {
        public static WindowIdentity Of(MetricTarget target) =>
            new(target.WindowStart!.Value, target.Job, target.CanaryVersion, target.StableVersion, target.CanaryRevision, target.StableRevision);
    }

    private sealed record Baseline(DateTimeOffset At, VersionCounters? Canary, VersionCounters? Stable);

    private sealed class Window(WindowIdentity identity, Baseline baseline)
    {
        public WindowIdentity Identity { get; } = identity;
        public Baseline Baseline { get; set; } = baseline;
        public DateTimeOffset LastRead { get; set; }
    }
}
