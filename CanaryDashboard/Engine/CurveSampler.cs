namespace CanaryDashboard.Engine;

/// <summary>One point of a weight curve: the engine's weight and verdict at one latency delta.</summary>
public readonly record struct CurvePoint(double LatencyDelta, double Weight, Verdict Verdict, bool Clamped)
{
    /// <summary>The weight it is safe to run at: <see cref="Weight"/> on proceed, 0 on breach.</summary>
    public double SafeWeight => Verdict == Verdict.Proceed ? Weight : 0;
}

/// <summary>Weight against latency delta at one fixed error delta.</summary>
public sealed record CurveSeries(double ErrorDelta, CurvePoint[] Points);

/// <summary>
/// Weight over (latency delta × error delta), row-major: row <c>r</c> is
/// <c>ErrorDeltas[r]</c>, column <c>c</c> is <c>LatencyDeltas[c]</c> (the shape a heat map's
/// <c>z</c> takes). <see cref="Breach"/> marks the cells where the circuit breaker opens.
/// </summary>
public sealed class WeightGrid
{
    internal WeightGrid(double[] latencyDeltas, double[] errorDeltas, double[] weights, bool[] breach)
    {
        LatencyDeltas = latencyDeltas;
        ErrorDeltas = errorDeltas;
        Weights = weights;
        Breach = breach;
    }

    public double[] LatencyDeltas { get; }
    public double[] ErrorDeltas { get; }

    /// <summary>The interpolated weight per cell, flattened row by row.</summary>
    public double[] Weights { get; }

    /// <summary>Whether a threshold is breached per cell, flattened row by row.</summary>
    public bool[] Breach { get; }

    public int Rows => ErrorDeltas.Length;
    public int Columns => LatencyDeltas.Length;

    public double WeightAt(int row, int column) => Weights[Index(row, column)];
    public bool IsBreachAt(int row, int column) => Breach[Index(row, column)];

    private int Index(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
        return row * Columns + column;
    }
}

/// <summary>
/// Samples the engine for charts: curves of weight against latency delta, and a 2-D grid with the
/// breach region. Every value comes from <see cref="WeightEngine"/>'s own formula; no words are
/// built per point, so a 10,000-point curve costs one array.
/// </summary>
public static class CurveSampler
{
    /// <summary>Weight against latency delta, one series per error delta.</summary>
    /// <exception cref="ArgumentException">The parameters or the range are invalid; the message lists every problem.</exception>
    public static CurveSeries[] Curves(SampleRange latencyDeltas, IReadOnlyList<double> errorDeltas, EngineParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(errorDeltas);
        ThrowIfInvalid(parameters, latencyDeltas.Validate("latencyDeltas"), FiniteProblems(errorDeltas, "errorDeltas"));
        var series = new CurveSeries[errorDeltas.Count];
        for (var s = 0; s < series.Length; s++)
        {
            // Fill writes every element, so the (large-object-heap sized) array need not be zeroed first.
            var points = GC.AllocateUninitializedArray<CurvePoint>(latencyDeltas.Count);
            Fill(latencyDeltas, errorDeltas[s], parameters, points);
            series[s] = new CurveSeries(errorDeltas[s], points);
        }
        return series;
    }

    /// <summary>Weight against latency delta at one error delta.</summary>
    public static CurveSeries Curve(SampleRange latencyDeltas, double errorDelta, EngineParameters parameters) =>
        Curves(latencyDeltas, [errorDelta], parameters)[0];

    /// <summary>
    /// Writes <c>latencyDeltas.Count</c> points into <paramref name="destination"/> without allocating.
    /// Parameters are not validated here (callers that reuse a buffer validate once).
    /// </summary>
    public static void Fill(SampleRange latencyDeltas, double errorDelta, EngineParameters parameters, Span<CurvePoint> destination)
    {
        if (destination.Length < latencyDeltas.Count)
            throw new ArgumentException($"needs room for {latencyDeltas.Count} points, has {destination.Length}", nameof(destination));
        if (!double.IsFinite(errorDelta))
            throw new ArgumentException($"must be a finite number (was {WeightEngine.Fmt(errorDelta)})", nameof(errorDelta));
        for (var i = 0; i < latencyDeltas.Count; i++)
        {
            var latencyDelta = latencyDeltas[i];
            var c = WeightEngine.Compute(latencyDelta, errorDelta, parameters);
            destination[i] = new CurvePoint(latencyDelta, c.Weight, c.Verdict, c.Clamped);
        }
    }

    /// <summary>Weight and breach flag over every (latency delta, error delta) pair of the two ranges.</summary>
    /// <exception cref="ArgumentException">The parameters or a range are invalid; the message lists every problem.</exception>
    public static WeightGrid Grid(SampleRange latencyDeltas, SampleRange errorDeltas, EngineParameters parameters)
    {
        ThrowIfInvalid(parameters, latencyDeltas.Validate("latencyDeltas"), errorDeltas.Validate("errorDeltas"));
        var columns = latencyDeltas.ToArray();
        var rows = errorDeltas.ToArray();
        var weights = new double[rows.Length * columns.Length];
        var breach = new bool[weights.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            var offset = r * columns.Length;
            for (var c = 0; c < columns.Length; c++)
            {
                var cell = WeightEngine.Compute(columns[c], rows[r], parameters);
                weights[offset + c] = cell.Weight;
                breach[offset + c] = cell.Verdict == Verdict.Breach;
            }
        }
        return new WeightGrid(columns, rows, weights, breach);
    }

    private static IReadOnlyList<ParameterProblem> FiniteProblems(IReadOnlyList<double> values, string name)
    {
        var problems = new List<ParameterProblem>();
        if (values.Count == 0) problems.Add(new(name, "must hold at least one value"));
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
                problems.Add(new($"{name}[{i}]", $"must be a finite number (was {WeightEngine.Fmt(values[i])})"));
        }
        return problems;
    }

    private static void ThrowIfInvalid(EngineParameters parameters, params IReadOnlyList<ParameterProblem>[] more)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var problems = parameters.Validate().Concat(more.SelectMany(m => m)).ToList();
        if (problems.Count > 0)
            throw new ArgumentException("cannot sample the engine: " + string.Join("; ", problems));
    }
}
