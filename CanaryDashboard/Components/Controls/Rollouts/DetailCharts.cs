using CanaryDashboard.Components.Controls.Chart;
using CanaryDashboard.Engine;
using CanaryDashboard.Live;

namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>One series of a detail chart: how to draw it and which value of a sample it plots (null = gap).</summary>
public sealed record SampleSeries(string Name, ChartSeriesStyle Style, ChartColor Color, Func<LiveSample, double?> Value)
{
    /// <summary>Hover text of a point in words; null for the y value.</summary>
    public Func<LiveSample, string?>? Hover { get; init; }
}

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
        var values = Series.Select(d => samples.Select(d.Value).ToArray()).ToArray();
        var (floor, ceiling) = Edges(values.SelectMany(v => v), ReferenceLines);
        return new ChartModel
        {
            TimeAxis = true,
            YAxisTitle = YAxisTitle,
            YRange = YRange,
            ReferenceLines = ReferenceLines,
            Series = Series.Select((d, i) => new ChartSeries(d.Name, x, values[i].Select(v => Clip(v, floor, ceiling)).ToArray())
            {
                Style = d.Style,
                Color = d.Color,
                HoverTexts = d.Hover is { } hover ? samples.Select(hover).ToArray() : null,
            }).ToArray(),
        };
    }

    /// <summary>The sample's points for a drawn chart; infinite ends clip to the edges of <paramref name="drawn"/> and this sample.</summary>
    public IReadOnlyList<ChartPoints> Append(LiveSample sample, ChartModel? drawn = null)
    {
        var values = Series.Select(d => d.Value(sample)).ToArray();
        var (floor, ceiling) = Edges(values.Concat(drawn?.Series.SelectMany(s => s.Y) ?? []), ReferenceLines);
        return values.Select((v, i) => new ChartPoints(i, [sample.At], [Clip(v, floor, ceiling)])).ToArray();
    }

    /// <summary>
    /// Where an infinite interval end is drawn: the band reaches the edge of what the axis shows
    /// (every finite value and reference line, with a tenth of the span as headroom) instead of
    /// stretching the axis to nothing readable. The hover says "no upper bound yet".
    /// </summary>
    private static (double Floor, double Ceiling) Edges(IEnumerable<double?> values, IReadOnlyList<ChartReferenceLine> lines)
    {
        var finite = values.Where(v => v is { } d && double.IsFinite(d)).Select(v => v!.Value).Concat(lines.Select(l => l.Y)).Append(0).ToArray();
        var (min, max) = (finite.Min(), finite.Max());
        var headroom = Math.Max((max - min) * 0.1, 1);
        return (min - headroom, max + headroom);
    }

    private static double? Clip(double? value, double floor, double ceiling) => value switch
    {
        double.PositiveInfinity => ceiling,
        double.NegativeInfinity => floor,
        _ => value,
    };
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
            // Bands first, so the lines draw over them; each band is its lower edge then its filled upper edge.
            new("p99 interval low", ChartSeriesStyle.BandEdge, ChartColor.Warning, s => Pct(EvidenceBands.Latency(s)?.Interval.Lower)),
            new("p99 Δ interval", ChartSeriesStyle.Band, ChartColor.Warning, s => Pct(EvidenceBands.Latency(s)?.Interval.Upper)) { Hover = EvidenceBands.LatencyText },
            new("error interval low", ChartSeriesStyle.BandEdge, ChartColor.Info, s => Pct(EvidenceBands.Errors(s)?.Interval.Lower)),
            new("error Δ interval", ChartSeriesStyle.Band, ChartColor.Info, s => Pct(EvidenceBands.Errors(s)?.Interval.Upper)) { Hover = EvidenceBands.ErrorText },
            new("latency Δ %", ChartSeriesStyle.Line, ChartColor.Warning, s => Pct(s.LatencyDelta)),
            new("error Δ pp", ChartSeriesStyle.Line, ChartColor.Info, s => Pct(s.ErrorDelta)),
            new("p99: no upper bound yet", ChartSeriesStyle.Markers, ChartColor.Bad,
                s => EvidenceBands.Latency(s)?.Interval.Upper is double.PositiveInfinity ? double.PositiveInfinity : null),
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
