using System.Globalization;

namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// One version's latency histogram over the window, cleaned the way <c>histogram_quantile</c>
/// cleans it (Prometheus <c>promql/quantile.go</c>): buckets sorted by bound, equal bounds merged,
/// cumulative counts made monotonic (each at least the one below; <c>increase()</c> extrapolates
/// every bucket separately, so small inversions happen), the <c>+Inf</c> bucket required and its
/// count taken as the total. Ranks map to values as <c>histogram_quantile</c> maps them: linearly
/// inside the bucket, from 0 for the first bucket, and the <c>+Inf</c> bucket is reported as
/// "above the top finite bound", never as that bound.
/// </summary>
public sealed class LatencyHistogram
{
    private readonly double[] _bounds;     // finite upper bounds, ascending
    private readonly double[] _cumulative; // cumulative counts at those bounds, monotonic

    private LatencyHistogram(double[] bounds, double[] cumulative, double total)
    {
        _bounds = bounds;
        _cumulative = cumulative;
        Total = total;
    }

    /// <summary>Observations in the window (the <c>+Inf</c> bucket's count).</summary>
    public double Total { get; }

    /// <summary>The highest finite bucket bound: what <c>histogram_quantile</c> returns when the quantile is above it.</summary>
    public double TopFiniteBound => _bounds[^1];

    /// <summary>Observations above the highest finite bound (in the <c>+Inf</c> bucket only).</summary>
    public double AboveTopCount => Total - _cumulative[^1];

    public IReadOnlyList<double> FiniteBounds => _bounds;

    public IReadOnlyList<double> CumulativeCounts => _cumulative;

    /// <summary>
    /// Cleans raw buckets. <c>null</c>, with the reason in <paramref name="problem"/>, when they
    /// cannot describe a histogram: no <c>+Inf</c> bucket, no finite bucket, a NaN or infinite
    /// count, a negative count, a NaN bound.
    /// </summary>
    public static LatencyHistogram? TryCreate(IEnumerable<HistogramBucket> buckets, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var sorted = new SortedDictionary<double, double>();
        foreach (var bucket in buckets)
        {
            if (double.IsNaN(bucket.UpperBound) || double.IsNegativeInfinity(bucket.UpperBound))
                return Fail($"a bucket bound is {bucket.UpperBound}", out problem);
            if (!double.IsFinite(bucket.CumulativeCount))
                return Fail($"the count of bucket le={Le(bucket.UpperBound)} is {bucket.CumulativeCount}", out problem);
            if (bucket.CumulativeCount < 0)
                return Fail($"the count of bucket le={Le(bucket.UpperBound)} is negative ({bucket.CumulativeCount})", out problem);
            // Equal bounds (e.g. "0.1" and "0.10" from two exporters) are one bucket, as Prometheus coalesces them.
            sorted[bucket.UpperBound] = sorted.GetValueOrDefault(bucket.UpperBound) + bucket.CumulativeCount;
        }
        if (!sorted.TryGetValue(double.PositiveInfinity, out var total))
            return Fail("no +Inf bucket", out problem);
        if (sorted.Count < 2)
            return Fail("no finite bucket", out problem);

        var bounds = new double[sorted.Count - 1];
        var cumulative = new double[sorted.Count - 1];
        var i = 0;
        var running = 0.0;
        foreach (var (bound, count) in sorted)
        {
            running = Math.Max(running, count);
            if (double.IsPositiveInfinity(bound)) break;
            bounds[i] = bound;
            cumulative[i++] = running;
        }
        problem = null;
        return new LatencyHistogram(bounds, cumulative, running);
    }

    /// <summary>
    /// From finite bounds already in ascending order and their cumulative counts, plus the
    /// <c>+Inf</c> count (a simulation or a replay that keeps its own arrays): the same checks and
    /// monotonic repair as <see cref="TryCreate"/> without the sorting. The spans are copied.
    /// </summary>
    public static LatencyHistogram? TryFromSorted(ReadOnlySpan<double> finiteBounds, ReadOnlySpan<double> cumulative, double total, out string? problem)
    {
        if (finiteBounds.Length == 0 || finiteBounds.Length != cumulative.Length)
            return Fail(finiteBounds.Length == 0 ? "no finite bucket" : "bounds and counts differ in length", out problem);
        var bounds = finiteBounds.ToArray();
        var counts = new double[cumulative.Length];
        var running = 0.0;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (!double.IsFinite(bounds[i]) || i > 0 && !(bounds[i] > bounds[i - 1]))
                return Fail($"finite bounds must be finite and strictly ascending (bound {i} is {bounds[i]})", out problem);
            if (!double.IsFinite(cumulative[i]) || cumulative[i] < 0)
                return Fail($"the count of bucket le={Le(bounds[i])} is {cumulative[i]}", out problem);
            counts[i] = running = Math.Max(running, cumulative[i]);
        }
        if (!double.IsFinite(total) || total < 0)
            return Fail($"the count of bucket le=+Inf is {total}", out problem);
        problem = null;
        return new LatencyHistogram(bounds, counts, Math.Max(running, total));
    }

    /// <summary>Cleans raw buckets, throwing when they cannot describe a histogram.</summary>
    public static LatencyHistogram Create(IEnumerable<HistogramBucket> buckets) =>
        TryCreate(buckets, out var problem) ?? throw new ArgumentException("not a histogram: " + problem, nameof(buckets));

    /// <summary>
    /// From <c>le</c> label values as Prometheus returns them ("0.005", "1e+00", "+Inf") and the
    /// sample values. A label that is not a number is a problem, not a guess.
    /// </summary>
    public static LatencyHistogram? TryParse(IEnumerable<(string Le, double Count)> samples, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var buckets = new List<HistogramBucket>();
        foreach (var (le, count) in samples)
        {
            if (!TryParseLe(le, out var bound))
                return Fail($"le=\"{le}\" is not a number", out problem);
            buckets.Add(new HistogramBucket(bound, count));
        }
        return TryCreate(buckets, out problem);
    }

    /// <summary>Parses an <c>le</c> label value: a float in Go's formatting, or +Inf/Inf.</summary>
    public static bool TryParseLe(string le, out double bound)
    {
        var text = le.Trim();
        if (text is "+Inf" or "Inf" or "+inf" or "inf")
        {
            bound = double.PositiveInfinity;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out bound) && !double.IsNaN(bound);
    }

    /// <summary>Every count multiplied by <paramref name="factor"/> (projections: the same traffic, for longer).</summary>
    public LatencyHistogram Scaled(double factor) =>
        new(_bounds, Array.ConvertAll(_cumulative, c => c * factor), Total * factor);

    /// <summary>
    /// The value of the observation at (possibly fractional) rank <paramref name="rank"/>, as
    /// <c>histogram_quantile</c> places it: in the first finite bucket whose cumulative count
    /// reaches the rank, linearly between the bucket's lower bound (0 for the first bucket, unless
    /// its bound is ≤ 0) and its upper bound. <c>aboveTop</c> is true when no finite bucket reaches
    /// the rank: the observation is somewhere above <see cref="TopFiniteBound"/>, and the returned
    /// value is that bound (a lower bound for it, never an estimate).
    /// </summary>
    public double ValueAtRank(double rank, out bool aboveTop)
    {
        aboveTop = false;
        // A first bucket bounded at or below 0 holds its observations at its bound (histogram_quantile does the same).
        if (_bounds[0] <= 0 && (rank <= 0 || _cumulative[0] >= rank)) return _bounds[0];
        if (rank <= 0) return 0;
        var i = FirstReaching(rank);
        if (i == _bounds.Length)
        {
            aboveTop = true;
            return TopFiniteBound;
        }
        var lowerBound = i == 0 ? 0 : _bounds[i - 1];
        var below = i == 0 ? 0 : _cumulative[i - 1];
        var inBucket = _cumulative[i] - below;
        return lowerBound + (_bounds[i] - lowerBound) * ((rank - below) / inBucket);
    }

    /// <summary>
    /// The (interpolated) number of observations at or below <paramref name="value"/>: the inverse
    /// of <see cref="ValueAtRank"/> over the finite buckets; <see cref="Total"/> at +∞.
    /// </summary>
    public double CountAtOrBelow(double value)
    {
        if (double.IsPositiveInfinity(value)) return Total;
        if (value <= 0) return _bounds[0] <= 0 && value >= _bounds[0] ? _cumulative[0] : 0;
        var lowerBound = 0.0;
        var below = 0.0;
        for (var i = 0; i < _bounds.Length; i++)
        {
            if (value <= _bounds[i])
                return below + (_cumulative[i] - below) * ((value - lowerBound) / (_bounds[i] - lowerBound));
            lowerBound = _bounds[i];
            below = _cumulative[i];
        }
        return _cumulative[^1]; // above the top finite bound the +Inf bucket's observations are not placed
    }

    private int FirstReaching(double rank)
    {
        // Binary search, as Prometheus' sort.Search: the first finite bucket with cumulative count ≥ rank.
        int lo = 0, hi = _cumulative.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_cumulative[mid] >= rank) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private static string Le(double bound) => double.IsPositiveInfinity(bound) ? "+Inf" : bound.ToString(CultureInfo.InvariantCulture);

    private static LatencyHistogram? Fail(string why, out string? problem)
    {
        problem = why;
        return null;
    }
}
