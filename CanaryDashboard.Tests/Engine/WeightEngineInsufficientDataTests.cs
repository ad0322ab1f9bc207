using CanaryDashboard.Engine;

namespace CanaryDashboard.Tests.Engine;

/// <summary>
/// Every way the inputs can be untrustworthy gives "insufficient data": no weight, safe weight 0,
/// and a reason naming the cause (DESIGN §3: never a weight, never a promotion).
/// </summary>
public class WeightEngineInsufficientDataTests
{
    private static readonly EngineParameters Seed = EngineParameters.Default;

    /// <summary>canary p99 0.132 s, stable 0.120 s, errors 0.4 % vs 0.2 %, 1,200 and 11,000 requests.</summary>
    private static readonly EngineInputs Good = new(0.132, 0.120, 0.004, 0.002, 1200, 11000);

    [Fact]
    public void Good_inputs_give_the_hand_computed_weight()
    {
        // ld = (0.132 − 0.120) / 0.120 = 0.1; ed = 0.002; lp = exp(−1) = 0.367879; ep = 1 − 0.04 = 0.96;
        // sf = 0.353164; 5 + 0.353164 × 95 = 5 + 33.5506 = 38.5506 → 38.6
        var result = WeightEngine.Evaluate(Good, Seed);

        Assert.Equal(Verdict.Proceed, result.Verdict);
        Assert.Equal(0.1, result.LatencyDelta!.Value, 12);
        Assert.Equal(0.002, result.ErrorDelta!.Value, 12);
        Assert.Equal(0.353164, result.SafetyFactor!.Value, 6);
        Assert.Equal(38.6, result.Weight);
    }

    public static TheoryData<string, EngineInputs, string> BadInputs()
    {
        var data = new TheoryData<string, EngineInputs, string>();
        foreach (var (what, phrase) in new[]
                 {
                     ("CanaryP99", "canary p99"), ("StableP99", "stable p99"),
                     ("CanaryErrorRate", "canary error rate"), ("StableErrorRate", "stable error rate"),
                     ("CanaryRequests", "canary request count"), ("StableRequests", "stable request count"),
                 })
        {
            data.Add($"{what} missing", With(what, null), phrase + " is missing");
            data.Add($"{what} NaN", With(what, double.NaN), phrase + " is NaN");
            data.Add($"{what} +Inf", With(what, double.PositiveInfinity), phrase + " is Infinity");
            data.Add($"{what} -Inf", With(what, double.NegativeInfinity), phrase + " is -Infinity");
        }
        data.Add("stable p99 zero", Good with { StableP99 = 0 }, "stable p99 is 0 s");
        data.Add("stable p99 negative", Good with { StableP99 = -0.1 }, "stable p99 is -0.1 s");
        data.Add("canary p99 negative", Good with { CanaryP99 = -0.1 }, "canary p99 is negative");
        data.Add("canary requests 49 < 50", Good with { CanaryRequests = 49 }, "too few canary requests (49, minimum 50)");
        data.Add("stable requests 49 < 50", Good with { StableRequests = 49 }, "too few stable requests (49, minimum 50)");
        data.Add("canary requests 0", Good with { CanaryRequests = 0 }, "too few canary requests (0, minimum 50)");
        data.Add("canary error rate above 1", Good with { CanaryErrorRate = 1.5 }, "canary error rate is 1.5, outside [0, 1]");
        data.Add("stable error rate negative", Good with { StableErrorRate = -0.01 }, "stable error rate is -0.01, outside [0, 1]");
        return data;
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Each_cause_gives_insufficient_data_with_its_reason(string name, EngineInputs inputs, string reasonPart)
    {
        var result = WeightEngine.Evaluate(inputs, Seed);

        Assert.True(result.Verdict == Verdict.InsufficientData, name);
        Assert.Null(result.Weight);
        Assert.Null(result.SafetyFactor);
        Assert.Null(result.LatencyPenalty);
        Assert.Null(result.ErrorPenalty);
        Assert.Equal(0, result.SafeWeight);
        Assert.False(result.Clamped);
        Assert.StartsWith("insufficient data: ", result.Reason);
        Assert.Contains(reasonPart, result.Reason);
    }

    [Fact]
    public void Exactly_the_minimum_number_of_requests_is_enough()
    {
        var result = WeightEngine.Evaluate(Good with { CanaryRequests = 50, StableRequests = 50 }, Seed);

        Assert.Equal(Verdict.Proceed, result.Verdict);
    }

    [Fact]
    public void The_minimum_is_a_parameter()
    {
        var inputs = Good with { CanaryRequests = 20 };

        Assert.Equal(Verdict.InsufficientData, WeightEngine.Evaluate(inputs, Seed).Verdict);
        Assert.Equal(Verdict.Proceed, WeightEngine.Evaluate(inputs, Seed with { MinRequests = 20 }).Verdict);
    }

    [Fact]
    public void Negative_request_counts_are_never_enough_even_with_no_minimum()
    {
        var result = WeightEngine.Evaluate(Good with { StableRequests = -5 }, Seed with { MinRequests = 0 });

        Assert.Equal(Verdict.InsufficientData, result.Verdict);
        Assert.Contains("too few stable requests (-5, minimum 0)", result.Reason);
    }

    [Fact]
    public void Every_cause_is_named_at_once()
    {
        var result = WeightEngine.Evaluate(new EngineInputs(null, 0, double.NaN, 0.001, 10, 10), Seed);

        Assert.Equal(
            "insufficient data: stable p99 is 0 s (a relative delta needs it above 0); canary p99 is missing; canary error rate is NaN; " +
            "too few canary requests (10, minimum 50); too few stable requests (10, minimum 50)",
            result.Reason);
    }

    [Fact]
    public void Deltas_that_can_be_computed_are_still_reported()
    {
        // Too few requests: both deltas are computable (0.1 and 0.002), the weight is not given.
        var result = WeightEngine.Evaluate(Good with { CanaryRequests = 3 }, Seed);

        Assert.Equal(0.1, result.LatencyDelta!.Value, 12);
        Assert.Equal(0.002, result.ErrorDelta!.Value, 12);
        Assert.Null(result.Weight);

        // Stable p99 0: no latency delta, but the error delta is still known.
        var noLatency = WeightEngine.Evaluate(Good with { StableP99 = 0 }, Seed);
        Assert.Null(noLatency.LatencyDelta);
        Assert.Equal(0.002, noLatency.ErrorDelta!.Value, 12);
    }

    [Theory]
    [InlineData(double.NaN, 0.0, "latency delta is NaN")]
    [InlineData(double.PositiveInfinity, 0.0, "latency delta is Infinity")]
    [InlineData(0.0, double.NegativeInfinity, "error delta is -Infinity")]
    [InlineData(double.NaN, double.NaN, "latency delta is NaN and error delta is NaN")]
    public void Non_finite_deltas_are_insufficient_data(double latencyDelta, double errorDelta, string reasonPart)
    {
        var result = WeightEngine.EvaluateDeltas(latencyDelta, errorDelta, Seed);

        Assert.Equal(Verdict.InsufficientData, result.Verdict);
        Assert.Null(result.Weight);
        Assert.Equal(0, result.SafeWeight);
        Assert.Contains(reasonPart, result.Reason);
    }

    [Fact]
    public void A_finite_delta_beside_a_non_finite_one_is_kept()
    {
        var result = WeightEngine.EvaluateDeltas(0.1, double.NaN, Seed);

        Assert.Equal(0.1, result.LatencyDelta);
        Assert.Null(result.ErrorDelta);
    }

    private static EngineInputs With(string field, double? value) => field switch
    {
        "CanaryP99" => Good with { CanaryP99 = value },
        "StableP99" => Good with { StableP99 = value },
        "CanaryErrorRate" => Good with { CanaryErrorRate = value },
        "StableErrorRate" => Good with { StableErrorRate = value },
        "CanaryRequests" => Good with { CanaryRequests = value },
        "StableRequests" => Good with { StableRequests = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}
