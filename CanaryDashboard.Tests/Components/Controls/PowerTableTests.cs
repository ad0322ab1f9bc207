using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Tuning;

namespace CanaryDashboard.Tests.Components.Controls;

/// <summary>The tuning studio's power table: requests a rung needs, from <see cref="EvidencePower"/> with each column's thresholds.</summary>
public sealed class PowerTableTests
{
    [Fact]
    public void Rows_name_the_canary_in_percent_and_bigger_regressions_need_fewer_requests()
    {
        var rows = PowerTable.Build(EngineParameters.Default, EngineParameters.Default, EvidenceParameters.Default, 10);

        Assert.Equal(["p99 +35 %", "p99 +50 %", "p99 +100 %", "errors +3 pp", "errors +10 pp", "healthy (no change): shown within the thresholds"],
            rows.Select(r => r.Canary));
        var latency = rows.Take(3).Select(r => r.Candidate.CanaryRequests!.Value).ToArray();
        Assert.True(latency[0] > latency[1] && latency[1] > latency[2], string.Join(", ", latency));
        Assert.True(rows[3].Candidate.CanaryRequests > rows[4].Candidate.CanaryRequests);
        Assert.Matches(@"^[\d,]+ requests \(≈ .+\)$", rows[0].Candidate.Text);
        Assert.All(rows, r => Assert.Equal(r.Candidate, r.Current));
    }

    [Fact]
    public void The_time_follows_the_traffic_and_the_request_count_equals_the_power_estimate()
    {
        var slow = PowerTable.Build(EngineParameters.Default, EngineParameters.Default, EvidenceParameters.Default, 1);
        var expected = EvidencePower.ErrorRate(PowerTable.StableErrorRate, 0.03, 1, 9, EngineParameters.Default);

        Assert.Equal(expected.CanaryRequests, slow[3].Candidate.CanaryRequests);
        Assert.EndsWith($"(≈ {EvidenceText.Duration(expected.Time!.Value)})", slow[3].Candidate.Text);
    }

    [Fact]
    public void A_candidate_threshold_above_the_regression_says_it_is_not_a_breach()
    {
        var lenient = EngineParameters.Default with { LatencyThreshold = 0.6 };

        var rows = PowerTable.Build(lenient, EngineParameters.Default, EvidenceParameters.Default, 10);

        Assert.Equal("within the threshold: not a breach", rows[0].Candidate.Text);
        Assert.Null(rows[0].Candidate.CanaryRequests);
        Assert.NotNull(rows[0].Current.CanaryRequests);
        Assert.NotNull(rows[2].Candidate.CanaryRequests);
    }

    [Theory]
    [InlineData("0", "must be above 0 requests per second")]
    [InlineData("-5", "must be above 0 requests per second")]
    [InlineData("ten", "type a number of requests per second, e.g. 10")]
    [InlineData("", "type a number of requests per second, e.g. 10")]
    [InlineData("NaN", "type a number of requests per second, e.g. 10")]
    public void Traffic_that_is_not_a_positive_number_is_refused_with_a_reason(string text, string reason)
    {
        Assert.False(PowerTable.TryParseRate(text, out _, out var problem));
        Assert.Equal(reason, problem);
    }
}
