using CanaryDashboard.Data.Writing;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Tests.Data;

/// <summary>The stored counts decode to the very inputs encoded, so a replay weighs what the poller weighed.</summary>
public sealed class EvidenceCountsCodecTests
{
    [Fact]
    public void Counts_with_buckets_round_trip_exactly_and_weigh_the_same()
    {
        var inputs = EvidenceRecords.Healthy;

        var text = EvidenceCountsCodec.Encode(inputs);
        var back = EvidenceCountsCodec.TryDecode(text)!;

        Assert.Equal("""{"c":{"n":1000.5,"e":2,"le":[0.05,0.1,0.25,0.5],"cum":[500,900,999,1000.5],"inf":1000.5},"s":{"n":10000,"e":20,"le":[0.05,0.1,0.25,0.5],"cum":[5000,9000,9950,9990],"inf":10000},"w":100}""", text);
        Assert.Equal(inputs.Window, back.Window);
        foreach (var (a, b) in new[] { (inputs.Canary, back.Canary), (inputs.Stable, back.Stable) })
        {
            Assert.Equal((a.Requests, a.Errors), (b.Requests, b.Errors));
            Assert.Equal(a.Latency!.FiniteBounds, b.Latency!.FiniteBounds);
            Assert.Equal(a.Latency.CumulativeCounts, b.Latency.CumulativeCounts);
            Assert.Equal(a.Latency.Total, b.Latency.Total);
        }
        Assert.Equal(EvidenceEngine.Assess(inputs, EngineParameters.Default).Reason, EvidenceEngine.Assess(back, EngineParameters.Default).Reason);
    }

    [Fact]
    public void Awkward_doubles_survive_shortest_round_trip()
    {
        var inputs = new EvidenceInputs(EvidenceRecords.Counts(0.1 + 0.2, 1e-7, 0.01, 1.0 / 30, 0.2, 0.3), EvidenceRecords.Counts(1e12, 0, 1, 2, 3, 4));

        var back = EvidenceCountsCodec.TryDecode(EvidenceCountsCodec.Encode(inputs))!;

        Assert.Equal(0.1 + 0.2, back.Canary.Requests);
        Assert.Equal(1e-7, back.Canary.Errors);
        Assert.Equal(1.0 / 30, back.Canary.Latency!.CumulativeCounts[1]);
        Assert.Null(back.Window);
    }

    [Fact]
    public void Missing_counts_and_a_missing_histogram_come_back_missing_with_the_reason()
    {
        var inputs = new EvidenceInputs(VersionCounts.From(double.NaN, 3, null), VersionCounts.Missing);

        var text = EvidenceCountsCodec.Encode(inputs);
        var back = EvidenceCountsCodec.TryDecode(text)!;

        Assert.Equal("""{"c":{"e":3,"lp":"no latency histogram"},"s":{"lp":"no data"}}""", text);
        Assert.True(double.IsNaN(back.Canary.Requests));
        Assert.Equal(3, back.Canary.Errors);
        Assert.Null(back.Canary.Latency);
        Assert.Equal("no latency histogram", back.Canary.LatencyProblem);
        Assert.True(double.IsNaN(back.Stable.Errors));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"c":{"le":[0.1],"cum":"x"}}""")]
    [InlineData("[1,2]")]
    public void Damaged_text_decodes_to_no_counts_rather_than_throwing(string? text) =>
        Assert.Null(EvidenceCountsCodec.TryDecode(text));
}
