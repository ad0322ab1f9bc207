using CanaryDashboard.Engine;

namespace CanaryDashboard.Tests.Engine;

/// <summary>
/// Curves and the grid, on binary-exact sample points (multiples of 0.125) so the positions are
/// exact, with weights worked out by hand; and, point by point, equal to the engine itself.
/// </summary>
public class CurveSamplerTests
{
    private static readonly EngineParameters Seed = EngineParameters.Default;

    [Fact]
    public void A_curve_gives_the_hand_computed_weight_and_verdict_at_each_point()
    {
        // ed = 0.01 → ep = 0.8 throughout.
        // −0.125: lp = exp(1.25) = 3.490343; sf = 2.792274 → 5 + 265.27 = 270.3 → clamped 100.0
        //  0:     sf = 0.8 → 5 + 76 = 81.0
        //  0.125: lp = exp(−1.25) = 0.286505; sf = 0.229204 → 5 + 21.7744 = 26.7744 → 26.8
        //  0.25:  lp = exp(−2.5) = 0.082085; × 0.8 = 0.065668 → floor 0.1 → 14.5; 0.25 > 0.2: breach
        //  0.375: floor → 14.5; breach
        var series = CurveSampler.Curve(new SampleRange(-0.125, 0.375, 5), 0.01, Seed);

        Assert.Equal(0.01, series.ErrorDelta);
        Assert.Equal(
            [
                new CurvePoint(-0.125, 100.0, Verdict.Proceed, true),
                new CurvePoint(0, 81.0, Verdict.Proceed, false),
                new CurvePoint(0.125, 26.8, Verdict.Proceed, false),
                new CurvePoint(0.25, 14.5, Verdict.Breach, false),
                new CurvePoint(0.375, 14.5, Verdict.Breach, false),
            ],
            series.Points);
        Assert.Equal([100.0, 81.0, 26.8, 0, 0], series.Points.Select(p => p.SafeWeight));
    }

    [Fact]
    public void Several_error_deltas_give_one_series_each()
    {
        // ld 0: ed 0 → 100.0; ed 0.01 → 81.0; ed 0.03 → ep 0.4 → 5 + 38 = 43.0 (and a breach: 0.03 > 0.02)
        var series = CurveSampler.Curves(new SampleRange(0, 0.125, 2), [0, 0.01, 0.03], Seed);

        Assert.Equal([0, 0.01, 0.03], series.Select(s => s.ErrorDelta));
        Assert.Equal([100.0, 81.0, 43.0], series.Select(s => s.Points[0].Weight));
        Assert.Equal([Verdict.Proceed, Verdict.Proceed, Verdict.Breach], series.Select(s => s.Points[0].Verdict));
        // ld 0.125, ed 0: lp = 0.286505 → 5 + 27.2180 = 32.2180 → 32.2
        Assert.Equal(32.2, series[0].Points[1].Weight);
    }

    [Fact]
    public void Every_point_of_a_long_curve_equals_the_engine()
    {
        var range = new SampleRange(-0.3, 0.6, 10_000);
        var series = CurveSampler.Curve(range, 0.012, Seed);

        Assert.Equal(10_000, series.Points.Length);
        Assert.Equal(-0.3, series.Points[0].LatencyDelta);
        Assert.Equal(0.6, series.Points[^1].LatencyDelta);
        for (var i = 0; i < series.Points.Length; i++)
        {
            var point = series.Points[i];
            var engine = WeightEngine.EvaluateDeltas(point.LatencyDelta, 0.012, Seed);
            Assert.Equal(engine.Weight, point.Weight);
            Assert.Equal(engine.Verdict, point.Verdict);
            Assert.Equal(engine.Clamped, point.Clamped);
            Assert.Equal(engine.SafeWeight, point.SafeWeight);
            if (i > 0) Assert.True(point.LatencyDelta > series.Points[i - 1].LatencyDelta);
        }
    }

    [Fact]
    public void Custom_parameters_are_used()
    {
        // maxWeight 50, ld 0.125, ed 0: 5 + 0.286505 × 45 = 5 + 12.8927 = 17.8927 → 17.9
        var series = CurveSampler.Curve(new SampleRange(0.125, 0.125, 1), 0, Seed with { MaxWeight = 50 });

        Assert.Equal(17.9, Assert.Single(series.Points).Weight);
    }

    [Fact]
    public void A_grid_gives_the_hand_computed_weights_and_the_breach_region()
    {
        // Columns ld = 0, 0.125, 0.25; rows ed = 0, 0.015, 0.03.
        // ed 0:     100.0 | 5 + 0.286505 × 95 = 32.2180 → 32.2 | floor → 14.5 (ld breach)
        // ed 0.015: ep 0.7 → 5 + 66.5 = 71.5 | 0.286505 × 0.7 = 0.200553 → 5 + 19.0526 = 24.1 | 14.5 (ld breach)
        // ed 0.03:  ep 0.4 → 43.0 | 0.286505 × 0.4 = 0.114602 → 5 + 10.8872 = 15.9 | 14.5 — whole row breaches (0.03 > 0.02)
        var grid = CurveSampler.Grid(new SampleRange(0, 0.25, 3), new SampleRange(0, 0.03, 3), Seed);

        Assert.Equal([0, 0.125, 0.25], grid.LatencyDeltas);
        Assert.Equal([0, 0.015, 0.03], grid.ErrorDeltas);
        Assert.Equal((3, 3), (grid.Rows, grid.Columns));
        Assert.Equal([100.0, 32.2, 14.5, 71.5, 24.1, 14.5, 43.0, 15.9, 14.5], grid.Weights);
        Assert.Equal([false, false, true, false, false, true, true, true, true], grid.Breach);
        Assert.Equal(24.1, grid.WeightAt(1, 1));
        Assert.True(grid.IsBreachAt(2, 0));
        Assert.False(grid.IsBreachAt(1, 1));
    }

    [Fact]
    public void A_100_by_100_grid_agrees_with_the_engine_in_every_cell()
    {
        var grid = CurveSampler.Grid(new SampleRange(-0.2, 0.5, 100), new SampleRange(-0.01, 0.05, 100), Seed);

        Assert.Equal(10_000, grid.Weights.Length);
        var breaches = 0;
        for (var r = 0; r < grid.Rows; r++)
        for (var c = 0; c < grid.Columns; c++)
        {
            var engine = WeightEngine.EvaluateDeltas(grid.LatencyDeltas[c], grid.ErrorDeltas[r], Seed);
            Assert.Equal(engine.Weight, grid.WeightAt(r, c));
            Assert.Equal(engine.Verdict == Verdict.Breach, grid.IsBreachAt(r, c));
            Assert.Equal(grid.LatencyDeltas[c] > 0.2 || grid.ErrorDeltas[r] > 0.02, grid.IsBreachAt(r, c));
            if (grid.IsBreachAt(r, c)) breaches++;
        }
        Assert.InRange(breaches, 1, 9_999); // both regions exist in this window
    }

    [Fact]
    public void Grid_cells_out_of_range_are_refused()
    {
        var grid = CurveSampler.Grid(new SampleRange(0, 0.1, 2), new SampleRange(0, 0.01, 2), Seed);

        Assert.Throws<ArgumentOutOfRangeException>(() => grid.WeightAt(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => grid.IsBreachAt(0, -1));
    }

    [Fact]
    public void Invalid_parameters_and_ranges_are_refused_with_every_problem()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            CurveSampler.Curves(new SampleRange(0.5, 0.1, 10), [0, double.NaN], Seed with { MaxWeight = 150 }));

        Assert.Contains("MaxWeight: must be at most 100 (was 150)", ex.Message);
        Assert.Contains("latencyDeltas.To: must be above From", ex.Message);
        Assert.Contains("errorDeltas[1]: must be a finite number (was NaN)", ex.Message);

        var grid = Assert.Throws<ArgumentException>(() =>
            CurveSampler.Grid(new SampleRange(0, 1, 0), new SampleRange(double.NaN, 1, 5), Seed));
        Assert.Contains("latencyDeltas.Count: must be between 1 and 100000 (was 0)", grid.Message);
        Assert.Contains("errorDeltas.From: must be a finite number (was NaN)", grid.Message);
    }

    [Fact]
    public void Fill_writes_into_a_caller_buffer_and_checks_its_size()
    {
        Span<CurvePoint> buffer = new CurvePoint[3];
        CurveSampler.Fill(new SampleRange(0, 0.125, 2), 0, Seed, buffer);

        Assert.Equal(100.0, buffer[0].Weight);
        Assert.Equal(32.2, buffer[1].Weight);
        Assert.Equal(default, buffer[2]);
        Assert.Throws<ArgumentException>(() => CurveSampler.Fill(new SampleRange(0, 1, 4), 0, Seed, new CurvePoint[3]));
    }

    [Fact]
    public void A_sample_range_hits_both_ends_exactly()
    {
        var range = new SampleRange(0.1, 0.7, 7);

        Assert.Equal(0.1, range[0]);
        Assert.Equal(0.7, range[6]);
        Assert.Equal(0.4, range[3], 12);
        Assert.Equal(0.1, new SampleRange(0.1, 0.7, 1)[0]);
    }
}
