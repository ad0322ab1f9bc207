using CanaryDashboard.Components.Controls.Rollouts;
using CanaryDashboard.Configuration;
using CanaryDashboard.Engine;
using CanaryDashboard.Live;
using static CanaryDashboard.Tests.Components.RolloutTestData;

namespace CanaryDashboard.Tests.Components.Controls.Rollouts;

/// <summary>Overview rows: merging snapshot and live state, "needs attention", ordering and filters.</summary>
public sealed class OverviewRowsTests
{
    [Fact]
    public void A_row_joins_the_clusters_view_and_the_engines_view()
    {
        var snapshot = Paused(name: "checkout");
        var samples = Enumerable.Range(0, 50).Select(i => Sample(Now.AddSeconds(-250 + i * 5), actualWeight: i < 25 ? 10 : 20)).ToArray();
        var row = RolloutRowBuilder.Build(snapshot, State(snapshot.Key, samples[^1]), samples, Now);

        Assert.Equal("Paused", row.Status);
        Assert.Equal("9/16", row.Step);
        Assert.Equal(20, row.ActualWeight);
        Assert.Equal(samples[^1].SafeWeight, row.EngineWeight);
        Assert.Equal(Verdict.Proceed, row.Verdict);
        Assert.Equal(0.08, row.LatencyDelta!.Value, 6);
        Assert.Equal(0.001, row.ErrorDelta!.Value, 6);
        Assert.Equal(RolloutRowBuilder.SparklinePoints, row.WeightHistory.Count);   // the newest 40 of 50
        Assert.Equal(Now.AddSeconds(-5), row.LastSampleAt);
        Assert.Null(row.Attention);
    }

    [Fact]
    public void Without_engine_data_the_row_still_shows_the_cluster()
    {
        var row = RolloutRowBuilder.Build(Paused(), null, [], Now);

        Assert.Equal(20, row.ActualWeight);
        Assert.Null(row.EngineWeight);
        Assert.Null(row.Verdict);
        Assert.Empty(row.WeightHistory);
        Assert.Null(row.Attention);
    }

    [Theory]
    [InlineData("breach")]
    [InlineData("degraded")]
    [InlineData("paused long")]
    [InlineData("insufficient data")]
    public void Each_kind_of_trouble_needs_attention(string kind)
    {
        var row = kind switch
        {
            "breach" => RolloutRowBuilder.Build(Paused(), State(Paused().Key, Breach(Now)), [], Now),
            "degraded" => RolloutRowBuilder.Build(Aborted(), null, [], Now),
            "paused long" => RolloutRowBuilder.Build(Paused(pausedAt: Now.AddMinutes(-12)), null, [], Now),
            _ => RolloutRowBuilder.Build(Paused(), State(Paused().Key, NoData(Now)), [], Now),
        };
        Assert.Equal(kind == "paused long" ? "paused 12 min" : kind, row.Attention);
    }

    [Fact]
    public void A_short_pause_is_not_trouble() =>
        Assert.Null(RolloutRowBuilder.Build(Paused(pausedAt: Now.AddMinutes(-9)), null, [], Now).Attention);

    [Fact]
    public void Attention_first_then_newest_activity_then_name()
    {
        var rows = new[]
        {
            RolloutRowBuilder.Build(Paused("a", "old"), State(new("a", "old"), Sample(Now.AddMinutes(-5))), [], Now),
            RolloutRowBuilder.Build(Paused("a", "new"), State(new("a", "new"), Sample(Now.AddSeconds(-5))), [], Now),
            RolloutRowBuilder.Build(Aborted("b", "broken"), null, [], Now),
            RolloutRowBuilder.Build(Healthy("a", "done"), null, [], Now),
        };

        var ordered = new OverviewQuery().Apply(rows).Select(r => r.Key.Name).ToArray();

        Assert.Equal(["broken", "new", "old", "done"], ordered);
    }

    [Fact]
    public void Filters_by_namespace_status_and_name_fragment()
    {
        var rows = new[] { Paused("shop", "checkout-web"), Paused("shop", "cart"), Aborted("pay", "ledger"), Healthy("pay", "checkout-api") }
            .Select(s => RolloutRowBuilder.Build(s, null, [], Now)).ToArray();

        Assert.Equal(["cart", "checkout-web"], Names(new OverviewQuery(Namespace: "shop").Apply(rows)));
        Assert.Equal(["ledger"], Names(new OverviewQuery(Status: "degraded").Apply(rows)));
        Assert.Equal(["checkout-web", "checkout-api"], Names(new OverviewQuery(Text: " CHECK ").Apply(rows)));   // the paused one acted last
        Assert.Equal(["checkout-api"], Names(new OverviewQuery("pay", null, "check").Apply(rows)));
    }

    [Fact]
    public void Rollouts_known_only_to_the_live_store_are_listed_too()
    {
        var store = new LiveRolloutStore(new LiveOptions(), TimeProvider.System);
        store.Update(State(new("x", "engine-only"), Sample(Now)));

        var rows = RolloutRowBuilder.BuildAll([Paused("shop", "cluster-only")], store, Now);

        Assert.Equal(["cluster-only", "engine-only"], Names(rows));
        Assert.Equal("Unknown", rows[1].Status);
    }

    private static string[] Names(IEnumerable<RolloutRow> rows) => rows.Select(r => r.Key.Name).ToArray();
}
