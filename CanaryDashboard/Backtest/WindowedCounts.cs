namespace CanaryDashboard.Backtest;

/// <summary>
/// One version's counts at one stored sample as the live poller read them: since the start of its
/// evidence window (the rung's entry), not since the run's start. <see cref="Values"/> is laid out as
/// a <see cref="RecordedCounts"/> row wants it: requests, errors, one cumulative count per finite bound,
/// then the histogram's total. Null values: not read at that sample.
/// </summary>
public readonly record struct WindowedCount(DateTimeOffset WindowStart, double[]? Values);

/// <summary>
/// The seam for stored runs: the run storage keeps, per sample, the counts since the window's start
/// (the rung's entry); the replay needs counts since the run's start, so that it can take its own
/// rung entry. Within one window the counts only grow; when the window starts afresh (the live
/// canary entered a new rung) the previous window's last counts are carried into the new one.
/// What the previous window gained after its last read sample (at most one poll's worth) is lost:
/// the sums are exact at every sample but skip that sliver, which only narrows no replayed window
/// by more than one poll.
/// </summary>
public static class WindowedCounts
{
    /// <summary>Cumulative rows, one per sample (null where the sample's counts were not read).</summary>
    public static double[]?[] ToCumulative(IReadOnlyList<WindowedCount> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var result = new double[]?[samples.Count];
        double[]? carried = null;     // the sum of every earlier window's last read counts
        double[]? lastInWindow = null;
        DateTimeOffset? window = null;
        for (var i = 0; i < samples.Count; i++)
        {
            var (start, values) = samples[i];
            if (window is { } w && start != w && lastInWindow is not null)
            {
                carried = Add(carried, lastInWindow);
                lastInWindow = null;
            }
            window = start;
            if (values is null) continue;
            if (carried is not null && carried.Length != values.Length)
                throw new ArgumentException($"sample {i} has {values.Length} counts, earlier samples {carried.Length}", nameof(samples));
            lastInWindow = values;
            result[i] = carried is null ? (double[])values.Clone() : Add(carried, values);
        }
        return result;
    }

    /// <summary>
    /// A run's <see cref="RecordedCounts"/> from stored windowed counts of both versions (same length
    /// as the run's samples); null when no sample has counts (an old stored run: replayed as no evidence).
    /// </summary>
    public static RecordedCounts? ToRecordedCounts(double[] finiteBounds, IReadOnlyList<WindowedCount> canary, IReadOnlyList<WindowedCount> stable)
    {
        ArgumentNullException.ThrowIfNull(finiteBounds);
        if (canary.Count != stable.Count) throw new ArgumentException("canary and stable differ in length", nameof(stable));
        var c = ToCumulative(canary);
        var s = ToCumulative(stable);
        if (c.All(r => r is null) || s.All(r => r is null)) return null;
        var counts = new RecordedCounts(finiteBounds, c.Length);
        for (var i = 0; i < c.Length; i++)
        {
            if (c[i] is not { } cr || s[i] is not { } sr) continue;
            counts.Set(i, CountedVersion.Canary, cr[0], cr[1], cr.AsSpan(2, finiteBounds.Length), cr[^1]);
            counts.Set(i, CountedVersion.Stable, sr[0], sr[1], sr.AsSpan(2, finiteBounds.Length), sr[^1]);
        }
        return counts;
    }

    private static double[] Add(double[]? a, double[] b)
    {
        var sum = (double[])b.Clone();
        if (a is null) return sum;
        for (var i = 0; i < sum.Length; i++) sum[i] += a[i];
        return sum;
    }
}
