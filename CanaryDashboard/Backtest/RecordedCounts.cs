using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Backtest;

/// <summary>The two versions a run's counts are kept for.</summary>
public enum CountedVersion
{
    Canary = 0,
    Stable = 1,
}

/// <summary>
/// A run's request counts per version, cumulative since the run's start, one row per sample: requests,
/// errors and the latency histogram (cumulative count at each finite bound, then the histogram's own
/// total, the <c>+Inf</c> bucket). Cumulative so that the evidence since any instant is a subtraction:
/// the replay takes the counts at its own rung entry and weighs <c>now − entry</c>, as the live poller
/// weighs <c>increase(…[since the rung's entry])</c>.
/// <para>One flat array per run (not an object per sample): a run of 900 samples with 64 bounds is
/// 950 KB in one allocation. <see cref="double.NaN"/> in a row means the counts were not read at that
/// sample (that poll has no evidence; a NaN entry row leaves the whole rung without evidence).</para>
/// </summary>
public sealed class RecordedCounts
{
    private const int Fixed = 2;   // requests, errors; then the buckets and the histogram's total
    private readonly double[] _bounds;
    private readonly double[] _rows;
    private readonly int _stride;

    /// <param name="finiteBounds">The histogram's finite upper bounds, ascending (the same for every sample and both versions).</param>
    public RecordedCounts(double[] finiteBounds, int samples)
    {
        ArgumentNullException.ThrowIfNull(finiteBounds);
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        if (finiteBounds.Length == 0) throw new ArgumentException("a histogram needs at least one finite bound", nameof(finiteBounds));
        for (var i = 1; i < finiteBounds.Length; i++)
        {
            if (!(finiteBounds[i] > finiteBounds[i - 1]))
                throw new ArgumentException("the bounds must rise", nameof(finiteBounds));
        }
        _bounds = finiteBounds;
        Samples = samples;
        _stride = Fixed + finiteBounds.Length + 1;
        _rows = new double[samples * 2 * _stride];
        _rows.AsSpan().Fill(double.NaN);
    }

    public int Samples { get; }

    /// <summary>The first <paramref name="samples"/> rows (a recorder sizes for the longest run and trims to the one it got).</summary>
    public RecordedCounts Take(int samples)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samples, Samples);
        var copy = new RecordedCounts(_bounds, samples);
        _rows.AsSpan(0, samples * 2 * _stride).CopyTo(copy._rows);
        return copy;
    }

    public IReadOnlyList<double> FiniteBounds => _bounds;

    /// <summary>Whether the counts of both versions were read at <paramref name="sample"/>.</summary>
    public bool HasCounts(int sample) => !double.IsNaN(Row(sample, CountedVersion.Canary)[0]) && !double.IsNaN(Row(sample, CountedVersion.Stable)[0]);

    /// <summary>Sets one version's cumulative counts at one sample (<paramref name="cumulativeBuckets"/>: one per finite bound).</summary>
    public void Set(int sample, CountedVersion version, double requests, double errors, ReadOnlySpan<double> cumulativeBuckets, double histogramTotal)
    {
        if (cumulativeBuckets.Length != _bounds.Length)
            throw new ArgumentException($"expected {_bounds.Length} buckets, got {cumulativeBuckets.Length}", nameof(cumulativeBuckets));
        var row = Row(sample, version);
        row[0] = requests;
        row[1] = errors;
        cumulativeBuckets.CopyTo(row[Fixed..]);
        row[^1] = histogramTotal;
    }

    public double Requests(int sample, CountedVersion version) => Row(sample, version)[0];

    public double Errors(int sample, CountedVersion version) => Row(sample, version)[1];

    /// <summary>One version's cumulative bucket counts at one sample (one per finite bound).</summary>
    public ReadOnlySpan<double> Buckets(int sample, CountedVersion version) => Row(sample, version).Slice(Fixed, _bounds.Length);

    public double HistogramTotal(int sample, CountedVersion version) => Row(sample, version)[^1];

    /// <summary>
    /// The evidence inputs over (<paramref name="entry"/>, <paramref name="sample"/>]: counts at the
    /// sample minus counts at the entry sample (−1: the run's start, zero counts).
    /// </summary>
    public EvidenceInputs Since(int sample, int entry, TimeSpan window) =>
        new(Delta(sample, entry, CountedVersion.Canary), Delta(sample, entry, CountedVersion.Stable), window);

    private VersionCounts Delta(int sample, int entry, CountedVersion version)
    {
        var now = Row(sample, version);
        ReadOnlySpan<double> from = entry < 0 ? default : Row(entry, version);
        var n = _bounds.Length;
        // A few hundred bytes on the stack: the replay asks this for every sample.
        Span<double> buckets = n <= 256 ? stackalloc double[n] : new double[n];
        for (var i = 0; i < n; i++) buckets[i] = now[Fixed + i] - At(from, Fixed + i);
        var total = now[^1] - At(from, _stride - 1);
        var histogram = LatencyHistogram.TryFromSorted(_bounds, buckets, total, out var problem);
        return new VersionCounts(now[0] - At(from, 0), now[1] - At(from, 1), histogram, problem);

        static double At(ReadOnlySpan<double> row, int i) => row.IsEmpty ? 0 : row[i];
    }

    private Span<double> Row(int sample, CountedVersion version) =>
        _rows.AsSpan((sample * 2 + (int)version) * _stride, _stride);
}
