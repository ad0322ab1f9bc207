using CanaryDashboard.Backtest;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Backtest;

/// <summary>Cumulative counts per run, the evidence since an entry, and the seam for stored windowed counts.</summary>
public sealed class RecordedCountsTests
{
    private static readonly double[] Bounds = [0.1, 0.2];
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>requests, errors, ≤ 0.1, ≤ 0.2, total (+Inf).</summary>
    private static double[] Row(double requests, double errors, double le1, double le2, double total) => [requests, errors, le1, le2, total];

    [Fact]
    public void The_evidence_since_an_entry_is_the_counts_now_minus_the_counts_then()
    {
        var counts = new RecordedCounts(Bounds, 3);
        counts.Set(0, CountedVersion.Canary, 100, 1, [50, 90], 100);
        counts.Set(1, CountedVersion.Canary, 300, 4, [150, 280], 300);
        counts.Set(2, CountedVersion.Canary, 600, 10, [300, 570], 600);
        for (var i = 0; i < 3; i++) counts.Set(i, CountedVersion.Stable, 1000 * (i + 1), 5 * (i + 1), [500.0 * (i + 1), 990.0 * (i + 1)], 1000 * (i + 1));

        var fromStart = counts.Since(2, -1, TimeSpan.FromSeconds(6));
        var sinceEntry = counts.Since(2, 0, TimeSpan.FromSeconds(4));

        Assert.Equal((600, 10), (fromStart.Canary.Requests, fromStart.Canary.Errors));
        Assert.Equal((500, 9), (sinceEntry.Canary.Requests, sinceEntry.Canary.Errors));
        Assert.Equal([250.0, 480], sinceEntry.Canary.Latency!.CumulativeCounts);
        Assert.Equal(500, sinceEntry.Canary.Latency.Total);
        Assert.Equal((2000, 10), (sinceEntry.Stable.Requests, sinceEntry.Stable.Errors));
        Assert.Equal(TimeSpan.FromSeconds(4), sinceEntry.Window);
    }

    [Fact]
    public void A_sample_without_counts_has_none_and_gives_no_evidence()
    {
        var counts = new RecordedCounts(Bounds, 2);
        counts.Set(0, CountedVersion.Canary, 100, 1, [50, 90], 100);
        counts.Set(0, CountedVersion.Stable, 100, 1, [50, 90], 100);

        Assert.True(counts.HasCounts(0));
        Assert.False(counts.HasCounts(1));
        Assert.Null(RunReplayer.Evidence(counts, 1, -1, 2, EngineParameters.Default, EvidenceParameters.Default));
        Assert.Null(RunReplayer.Evidence(null, 0, -1, 2, EngineParameters.Default, EvidenceParameters.Default));
        Assert.NotNull(RunReplayer.Evidence(counts, 0, -1, 2, EngineParameters.Default, EvidenceParameters.Default));
    }

    [Fact]
    public void Windowed_counts_become_cumulative_carrying_each_windows_last_counts_into_the_next()
    {
        WindowedCount[] stored =
        [
            new(T0, Row(10, 1, 5, 9, 10)),
            new(T0, Row(30, 2, 15, 28, 30)),                       // window 1 ends here: 30 requests
            new(T0.AddMinutes(2), Row(5, 0, 2, 5, 5)),             // a new window (the next rung): 30 + 5
            new(T0.AddMinutes(2), null),                           // not read
            new(T0.AddMinutes(2), Row(20, 1, 10, 19, 20)),         // window 2 ends here: 20 requests
            new(T0.AddMinutes(5), Row(7, 0, 3, 7, 7)),             // 30 + 20 + 7
        ];

        var cumulative = WindowedCounts.ToCumulative(stored);

        Assert.Equal(Row(10, 1, 5, 9, 10), cumulative[0]);
        Assert.Equal(Row(30, 2, 15, 28, 30), cumulative[1]);
        Assert.Equal(Row(35, 2, 17, 33, 35), cumulative[2]);
        Assert.Null(cumulative[3]);
        Assert.Equal(Row(50, 3, 25, 47, 50), cumulative[4]);
        Assert.Equal(Row(57, 3, 28, 54, 57), cumulative[5]);
    }

    [Fact]
    public void A_window_whose_last_sample_was_not_read_carries_its_last_read_counts()
    {
        WindowedCount[] stored =
        [
            new(T0, Row(10, 1, 5, 9, 10)),
            new(T0, null),
            new(T0.AddMinutes(1), Row(4, 0, 2, 4, 4)),
        ];

        var cumulative = WindowedCounts.ToCumulative(stored);

        Assert.Equal(Row(14, 1, 7, 13, 14), cumulative[2]);
    }

    [Fact]
    public void Stored_windowed_counts_of_both_versions_become_a_runs_counts_and_none_stay_none()
    {
        WindowedCount[] canary = [new(T0, Row(10, 1, 5, 9, 10)), new(T0.AddMinutes(1), Row(4, 0, 2, 4, 4))];
        WindowedCount[] stable = [new(T0, Row(100, 1, 50, 99, 100)), new(T0.AddMinutes(1), Row(40, 0, 20, 40, 40))];

        var counts = WindowedCounts.ToRecordedCounts(Bounds, canary, stable)!;

        Assert.Equal(14, counts.Requests(1, CountedVersion.Canary));
        Assert.Equal(140, counts.Requests(1, CountedVersion.Stable));
        Assert.Equal([70.0, 139], counts.Buckets(1, CountedVersion.Stable).ToArray());
        Assert.Equal(140, counts.HistogramTotal(1, CountedVersion.Stable));
        Assert.Null(WindowedCounts.ToRecordedCounts(Bounds, [new(T0, null)], [new(T0, null)]));
    }
}
