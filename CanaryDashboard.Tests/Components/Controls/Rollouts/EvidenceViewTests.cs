using CanaryDashboard.Components.Controls.Chart;
using CanaryDashboard.Components.Controls.Rollouts;
using CanaryDashboard.Data.Entities;
using CanaryDashboard.Data.Queries;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using Plotly.Blazor.Traces;
using static CanaryDashboard.Tests.Components.RolloutTestData;

namespace CanaryDashboard.Tests.Components.Controls.Rollouts;

/// <summary>The evidence on the detail page: the interval bands of the deltas chart and the reasoning in words.</summary>
public sealed class EvidenceViewTests
{
    private static SampleChart Deltas => DetailCharts.For(EngineParameters.Default).Single(c => c.Name == "deltas");

    private static ChartSeries Series(ChartModel model, string name) => model.Series.Single(s => s.Name == name);

    [Fact]
    public void The_deltas_chart_draws_each_interval_as_a_filled_band_in_percent()
    {
        var sample = WithEvidence(Sample(Now), SteadyCounts);
        var latency = sample.Evidence!.Latency.DeltaInterval!.Value;
        var errors = sample.Evidence.Errors.DeltaInterval!.Value;

        var model = Deltas.Model([sample]);

        Assert.Equal(latency.Lower * 100, Series(model, "p99 interval low").Y[0]!.Value, 9);
        Assert.Equal(latency.Upper * 100, Series(model, "p99 Δ interval").Y[0]!.Value, 9);
        Assert.Equal(errors.Upper * 100, Series(model, "error Δ interval").Y[0]!.Value, 9);
        Assert.Null(Series(model, "p99: no upper bound yet").Y[0]);
        Assert.StartsWith("p99 since the rung's entry ", Series(model, "p99 Δ interval").HoverTexts![0]);
        Assert.Contains(" pp [", Series(model, "error Δ interval").HoverTexts![0]);

        foreach (var palette in new[] { ChartPalette.Light, ChartPalette.Dark })
        {
            var figure = ChartFigureBuilder.Build(model, palette);
            var names = model.Series.Select(s => s.Name).ToList();
            var edge = (Scatter)figure.Data[names.IndexOf("p99 interval low")];
            var band = (Scatter)figure.Data[names.IndexOf("p99 Δ interval")];
            Assert.Equal(names.IndexOf("p99 interval low") + 1, names.IndexOf("p99 Δ interval"));   // tonexty fills to the edge just before
            Assert.Equal(Plotly.Blazor.Traces.ScatterLib.FillEnum.ToNextY, band.Fill);
            Assert.Equal(ChartFigureBuilder.Translucent(palette[ChartColor.Warning], 0.25), band.FillColor);
            Assert.False(edge.ShowLegend);
        }
    }

    [Fact]
    public void An_unbounded_end_is_clipped_to_the_axis_and_says_no_upper_bound_yet()
    {
        var bounded = WithEvidence(Sample(Now.AddSeconds(-5)), SteadyCounts);
        var unbounded = WithEvidence(Sample(Now), SlowTailCounts);
        Assert.True(double.IsPositiveInfinity(unbounded.Evidence!.Latency.DeltaInterval!.Value.Upper));

        var model = Deltas.Model([bounded, unbounded]);

        var band = Series(model, "p99 Δ interval");
        var finite = model.Series.SelectMany(s => s.Y).Where(y => y is not null).Select(y => y!.Value).ToList();
        Assert.All(finite, y => Assert.True(double.IsFinite(y)));
        Assert.Equal(finite.Max(), band.Y[1]);
        Assert.Equal(band.Y[1], Series(model, "p99: no upper bound yet").Y[1]);
        Assert.EndsWith(", no upper bound yet]", band.HoverTexts![1]);

        // A live append clips to the drawn chart's edge the same way.
        var points = Deltas.Append(unbounded, Deltas.Model([bounded]));
        Assert.All(points.SelectMany(p => p.Y), y => Assert.True(y is null || double.IsFinite(y.Value)));
    }

    [Fact]
    public void A_stored_sample_draws_the_same_band_as_the_live_one()
    {
        var live = WithEvidence(Sample(Now), SlowTailCounts);
        var a = live.Evidence!;
        var stored = new SamplePoint(Now, "raw", new SampleValues { CanaryP99 = 0.1 }, 9, "Proceed", "", 1,
            Evidence: new EvidencePoint(a.Verdict.ToString(), Now.AddSeconds(-20), a.Latency.Delta, a.Latency.DeltaInterval!.Value.Lower, null, true,
                a.Errors.Delta, a.Errors.DeltaInterval!.Value.Lower, a.Errors.DeltaInterval.Value.Upper, 2_000, 0, 1_800, 2));

        var fromHistory = HistorySamples.ToLiveSample(stored);

        Assert.Equal(EvidenceBands.Latency(live), EvidenceBands.Latency(fromHistory));
        Assert.Equal(EvidenceBands.LatencyText(live), EvidenceBands.LatencyText(fromHistory));
        Assert.Equal(EvidenceBands.ErrorText(live), EvidenceBands.ErrorText(fromHistory));
    }

    [Fact]
    public void A_hold_says_how_much_more_traffic_it_needs_and_names_the_intervals()
    {
        var sample = WithEvidence(Sample(Now), EarlyCounts);
        Assert.Equal(EvidenceVerdict.Insufficient, sample.Evidence!.Verdict);

        var text = EvidenceReasoning.Describe(sample, EngineParameters.Default, EvidenceParameters.Default);

        Assert.Matches(@"^Holding: about [\d,]+ more canary requests \(≈ [^)]+ at 10 req/s\) to show it within the thresholds, if the estimates hold\. P99 ", text);
        Assert.Contains(sample.Evidence.Latency.Reason[1..], text);
        Assert.Contains(sample.Evidence.Errors.Reason, text);
    }

    [Fact]
    public void Without_counts_or_evidence_it_says_so_in_plain_words()
    {
        var sample = WithEvidence(Sample(Now), EarlyCounts) with { Counts = null };

        Assert.StartsWith("Holding: not enough evidence yet to decide either way. P99 ",
            EvidenceReasoning.Describe(sample, EngineParameters.Default, EvidenceParameters.Default));
        Assert.Equal("Evidence: no counts since the rung's entry were read yet, so the decision holds.",
            EvidenceReasoning.Describe(Sample(Now), EngineParameters.Default, EvidenceParameters.Default));
    }
}
