namespace CanaryDashboard.Prometheus;

/// <summary>Why a query gave no usable result.</summary>
public enum QueryFailureKind
{
    /// <summary>No connection (refused, DNS, reset).</summary>
    Unreachable,
    /// <summary>No answer within <c>Prometheus:Timeout</c>.</summary>
    Timeout,
    /// <summary>A non-2xx answer without a Prometheus error body (a proxy, a crash page).</summary>
    HttpStatus,
    /// <summary>Prometheus answered <c>"status":"error"</c> (bad query, query timeout, overload).</summary>
    PrometheusError,
    /// <summary>The body is not the JSON the API documents.</summary>
    InvalidResponse,
    /// <summary>A well-formed answer of the wrong type (a matrix, scalar or string where a vector was needed).</summary>
    UnexpectedResultType,
}

/// <summary>One instant-vector element: its labels, its value (may be NaN or ±Inf, as Prometheus sent it) and its timestamp.</summary>
public sealed record PromSample(IReadOnlyDictionary<string, string> Labels, double Value, DateTimeOffset Timestamp);

/// <summary>One range-vector element: its labels and its points in time order.</summary>
public sealed record PromSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<PromPoint> Points);

public readonly record struct PromPoint(DateTimeOffset Timestamp, double Value);

/// <summary>
/// The outcome of one call to the Prometheus HTTP API. Never an exception: a failure carries its
/// kind and a message an operator can act on; a success carries the typed result and any warnings.
/// </summary>
public sealed record PrometheusQueryResult
{
    public required string Query { get; init; }
    public QueryFailureKind? Failure { get; init; }
    public string? Error { get; init; }
    public string? ResultType { get; init; }
    public IReadOnlyList<PromSample> Vector { get; init; } = [];
    public IReadOnlyList<PromSeries> Matrix { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool Succeeded => Failure is null;

    public static PrometheusQueryResult Failed(string query, QueryFailureKind kind, string error, IReadOnlyList<string>? warnings = null) =>
        new() { Query = query, Failure = kind, Error = error, Warnings = warnings ?? [] };
}
