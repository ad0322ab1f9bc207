using CanaryDashboard.Components.Controls.Chart;
using CanaryDashboard.Engine;
using CanaryDashboard.Live;

namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>One series of a detail chart: how to draw it and which value of a sample it plots (null = gap).</summary>
public sealed record SampleSeries(string Name, ChartSeriesStyle Style, ChartColor Color, Func<LiveSample, double?> Value);

/// <summary>
/// One chart of the detail page, defined once by its series so that the full model (history) and
/// the live appends (one new sample) can never disagree about which series is which.
/// </summary>
public sealed record SampleChart(string Name, string Title, string YAxisTitle, IReadOnlyList<SampleSeries> Series)
{
    public IReadOnlyList<ChartReferenceLine> ReferenceLines { get; init; } = [];
    public (double Min, double Max)? YRange { get; init; }

    public ChartModel Model(IReadOnlyList<LiveSample> samples)
    {
        var x = samples.Select(s => (object)s.At).ToArray();
        return new ChartModel
        {
            TimeAxis = true,
            YAxisTitle = YAxisTitle,
            YRange = YRange,
            ReferenceLines = ReferenceLines,
            Series = Series.Select(d => new ChartSeries(d.Name, x, samples.Select(d.Value).ToArray()) { Style = d.Style, Color = d.Color }).ToArray(),
        };
    }

    public IReadOnlyList<ChartPoints> Append(LiveSample sample) =>
        Series.Select((d, i) => new ChartPoints(i, [sample.At], [d.Value(sample)])).ToArray();
}

/// <summary>The detail page's charts: weight, p99 latency, error rate, deltas, connection pool.</summary>
public static class DetailCharts
{
    /// <summary>Pool use at or above this share of max is marked as saturated.</summary>
    public const double SaturationShare = 0.9;

    public static IReadOnlyList<SampleChart> For(EngineParameters engine) =>
    [
        new("weight", "Weight", "weight %",
        [
            new("actual weight", ChartSeriesStyle.Step, ChartColor.Primary, s => s.ActualWeight),
            new("engine safe weight", ChartSeriesStyle.Line, ChartColor.Good, s => s.Verdict == Verdict.InsufficientData ? null : s.SafeWeight),
            new("ladder rung", ChartSeriesStyle.Step, ChartColor.Neutral, s => s.SetWeight),
            new("breach", ChartSeriesStyle.Markers, ChartColor.Bad, s => s.Verdict == Verdict.Breach ? s.ActualWeight ?? 0 : null),
        ]) { YRange = (0, 100) },
        new("latency", "p99 latency", "p99 ms",
        [
            new("canary p99", ChartSeriesStyle.Line, ChartColor.Warning, s => Ms(s.Canary.P99Seconds)),
            new("stable p99", ChartSeriesStyle.Line, ChartColor.Primary, s => Ms(s.Stable.P99Seconds)),
            new($"threshold (stable +{engine.LatencyThreshold * 100:0.#}%)", ChartSeriesStyle.Line, ChartColor.Bad,
                s => Ms(s.Stable.P99Seconds * (1 + engine.LatencyThreshold))),
        ]),
        new("errors", "Error rate", "errors %",
        [
            new("canary errors", ChartSeriesStyle.Line, ChartColor.Warning, s => Pct(s.Canary.ErrorRate)),
            new("stable errors", ChartSeriesStyle.Line, ChartColor.Primary, s => Pct(s.Stable.ErrorRate)),
            new($"threshold (stable +{engine.ErrorThreshold * 100:0.##} pp)", ChartSeriesStyle.Line, ChartColor.Bad,
                s => Pct(s.Stable.ErrorRate + engine.ErrorThreshold)),
        ]),
        new("deltas", "Deltas vs thresholds", "% / pp",
        [
            new("latency Δ %", ChartSeriesStyle.Line, ChartColor.Warning, s => Pct(s.LatencyDelta)),
            new("error Δ pp", ChartSeriesStyle.Line, ChartColor.Info, s => Pct(s.ErrorDelta)),
        ])
        {
            ReferenceLines = [new($"latency threshold {engine.LatencyThreshold * 100:0.#}%", engine.LatencyThreshold * 100, ChartColor.Bad),
                              new($"error threshold {engine.ErrorThreshold * 100:0.##} pp", engine.ErrorThreshold * 100, ChartColor.Warning)],
        },
        new("pool", "Connection pool", "connections",
        [
            new("canary open", ChartSeriesStyle.Line, ChartColor.Warning, s => s.Canary.Pool?.Open),
            new("canary idle", ChartSeriesStyle.Line, ChartColor.Secondary, s => s.Canary.Pool?.Idle),
            new("canary max", ChartSeriesStyle.Step, ChartColor.Neutral, s => s.Canary.Pool?.Max),
            new("stable open", ChartSeriesStyle.Line, ChartColor.Primary, s => s.Stable.Pool?.Open),
            new("stable idle", ChartSeriesStyle.Line, ChartColor.Info, s => s.Stable.Pool?.Idle),
            new("stable max", ChartSeriesStyle.Step, ChartColor.Neutral, s => s.Stable.Pool?.Max),
            new("saturated", ChartSeriesStyle.Markers, ChartColor.Bad, Saturated),
        ]),
    ];

    /// <summary>
    /// A marker at the connections in use (open − idle) of whichever version uses ≥ 90 % of its
    /// pool's max. Open alone says nothing: a pool may keep every connection open and most idle.
    /// </summary>
    public static double? Saturated(LiveSample s)
    {
        static double? InUseIfFull(Metrics.PoolGauges? p) =>
            p is { Max: > 0 } g && g.Open - g.Idle >= g.Max * SaturationShare ? g.Open - g.Idle : null;
        return InUseIfFull(s.Canary.Pool) ?? InUseIfFull(s.Stable.Pool);
    }

    private static double? Ms(double? seconds) => seconds * 1000;
    private static double? Pct(double? share) => share * 100;
}
