namespace CanaryDashboard.Engine.Evidence;

/// <summary>
/// One bucket of a Prometheus histogram as a query returns it: the upper bound (the <c>le</c>
/// label, <see cref="double.PositiveInfinity"/> for <c>+Inf</c>) and the cumulative count of
/// observations at or below it over the window (from <c>increase(…_bucket[window])</c>, so possibly fractional).
/// </summary>
public readonly record struct HistogramBucket(double UpperBound, double CumulativeCount);
