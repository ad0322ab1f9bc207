using CanaryDashboard.Components.Controls.Rollouts;
using CanaryDashboard.Engine;
using CanaryDashboard.Live;
using static CanaryDashboard.Tests.Components.RolloutTestData;

namespace CanaryDashboard.Tests.Components.Controls.Rollouts;

/// <summary>The engine's reasoning in words, and the chart series built from samples.</summary>
public sealed class EngineReasoningTests
{
    [Fact]
    public void Proceed_reads_as_the_seeds_chain_of_numbers()
    {
        // +8 % p99, +0.1 pp errors: penalty exp(-0.8) = 0.45, error penalty 1 - 0.001·20 = 0.98, weight 5 + 95·0.44 ≈ 47.x
        var sample = Sample(Now);
        var text = EngineReasoning.Describe(sample, EngineParameters.Default, 35, new DecisionSummary(Now, "advance-after-n-polls", "hold", "recorded", 2, 3));

        Assert.Equal($"latency +8% → penalty 0.45 · errors +0.1 pp → 0.98 · safe weight {sample.SafeWeight:0.0} → rung 35 · holding: 2 of 3 polls", text);
    }

    [Fact]
    public void Breach_names_the_threshold_crossed()
    {
        var text = EngineReasoning.Describe(Breach(Now), EngineParameters.Default, null, new DecisionSummary(Now, "abort-after-m-breaches", "abort", "recorded", 1, 3));

        Assert.Equal("latency +50% > +20% threshold · breach → safe weight 0 · aborting: 1 of 3 polls", text);
    }

    [Fact]
    public void Insufficient_data_gives_the_engines_reason()
    {
        var sample = NoData(Now);
        Assert.Equal("insufficient data: " + sample.Engine.Reason, EngineReasoning.Describe(sample, EngineParameters.Default, null, null));
    }

    [Fact]
    public void Chart_models_and_appends_agree_series_by_series()
    {
        var samples = new[] { Sample(Now.AddSeconds(-10)), Breach(Now.AddSeconds(-5)), Sample(Now, canaryPool: new(95, 1, 100)) };
        var charts = DetailCharts.For(EngineParameters.Default);

        Assert.Equal(["weight", "latency", "errors", "deltas", "pool"], charts.Select(c => c.Name));
        foreach (var chart in charts)
        {
            var model = chart.Model(samples);
            var appended = chart.Append(samples[^1]);
            Assert.Equal(model.Series.Count, appended.Count);
            for (var i = 0; i < model.Series.Count; i++)
            {
                Assert.Equal(i, appended[i].SeriesIndex);
                Assert.Equal(model.Series[i].Y[^1], appended[i].Y[0]);
            }
        }

        var weight = charts[0].Model(samples);
        Assert.Equal([null, 20.0, null], weight.Series.Single(s => s.Name == "breach").Y);      // breach marker only on the breach
        Assert.Equal([samples[0].SafeWeight, 0.0, samples[2].SafeWeight], weight.Series.Single(s => s.Name == "engine safe weight").Y);
        var latency = charts[1].Model(samples);
        Assert.Equal(120.0, latency.Series.Single(s => s.Name.StartsWith("threshold")).Y[0]!.Value, 6);     // stable 100 ms + 20 %
        var pool = charts[4].Model(samples);
        Assert.Equal([null, null, 94.0], pool.Series.Single(s => s.Name == "saturated").Y);   // 95 open − 1 idle = 94 of 100 in use ≥ 90 %
        Assert.Equal([20.0, 2.0], charts[3].Model(samples).ReferenceLines.Select(l => l.Y));
    }
}

/// <summary>Stored history points become the samples the charts plot.</summary>
public sealed class HistorySamplesTests
{
    [Fact]
    public void A_raw_point_keeps_its_values_and_verdict()
    {
        var values = new CanaryDashboard.Data.Entities.SampleValues
        {
            CanaryP99 = 0.12, StableP99 = 0.1, CanaryErrorRate = 0.002, StableErrorRate = 0.001, LatencyDelta = 0.2, ErrorDelta = 0.001,
            SafeWeight = 33, EngineWeight = 33, ActualWeight = 20, SetWeight = 20, CanaryPoolOpen = 95, CanaryPoolIdle = 5, CanaryPoolMax = 100,
        };
        var sample = HistorySamples.ToLiveSample(new CanaryDashboard.Data.Queries.SamplePoint(Now, "raw", values, 9, "Proceed", "ok", 1));

        Assert.Equal(Verdict.Proceed, sample.Verdict);
        Assert.Equal(33, sample.SafeWeight);
        Assert.Equal(20, sample.SetWeight);
        Assert.Equal(90, DetailCharts.Saturated(sample));   // 95 open − 5 idle of 100
        Assert.Null(sample.Stable.Pool);   // no stable gauges stored: no pool drawn for it
    }

    [Fact]
    public void A_pool_with_every_connection_open_but_idle_is_not_saturated() =>
        Assert.Null(DetailCharts.Saturated(Sample(Now, canaryPool: new(200, 120, 200))));

    [Fact]
    public void An_aggregate_minute_with_any_breach_is_a_breach()
    {
        var point = new CanaryDashboard.Data.Queries.SamplePoint(Now, "1m", new CanaryDashboard.Data.Entities.SampleValues { SafeWeight = 40 }, 9, null, null, 12,
            new CanaryDashboard.Data.Queries.VerdictCounts(11, 1, 0));

        var sample = HistorySamples.ToLiveSample(point);

        Assert.Equal(Verdict.Breach, sample.Verdict);
        Assert.Equal(0, sample.SafeWeight);
    }
}
