using CanaryDashboard.Engine;

namespace CanaryDashboard.Tests.Engine;

/// <summary>Every invalid parameter is reported with its field and the reason, all at once.</summary>
public class EngineParameterValidationTests
{
    private static readonly EngineParameters Seed = EngineParameters.Default;

    [Fact]
    public void The_seed_defaults_are_valid() => Assert.Empty(Seed.Validate());

    [Theory]
    [InlineData(nameof(EngineParameters.LatencyDecay))]
    [InlineData(nameof(EngineParameters.ErrorSlope))]
    [InlineData(nameof(EngineParameters.SafetyFloor))]
    [InlineData(nameof(EngineParameters.ErrorFloor))]
    [InlineData(nameof(EngineParameters.MinWeight))]
    [InlineData(nameof(EngineParameters.MaxWeight))]
    [InlineData(nameof(EngineParameters.LatencyThreshold))]
    [InlineData(nameof(EngineParameters.ErrorThreshold))]
    [InlineData(nameof(EngineParameters.MinRequests))]
    public void NaN_in_any_field_is_reported_for_that_field_only(string field)
    {
        var problems = With(field, double.NaN).Validate();

        var problem = Assert.Single(problems);
        Assert.Equal(field, problem.Field);
        Assert.Equal("must be a number (was NaN)", problem.Reason);
    }

    [Theory]
    [InlineData(nameof(EngineParameters.LatencyDecay))]
    [InlineData(nameof(EngineParameters.MaxWeight))]
    [InlineData(nameof(EngineParameters.ErrorThreshold))]
    public void Infinity_is_reported(string field)
    {
        var problem = Assert.Single(With(field, double.PositiveInfinity).Validate());

        Assert.Equal(field, problem.Field);
        Assert.StartsWith("must be finite", problem.Reason);
    }

    [Theory]
    [InlineData(nameof(EngineParameters.LatencyDecay), -1.0, "must not be negative (was -1)")]
    [InlineData(nameof(EngineParameters.ErrorSlope), -0.5, "must not be negative (was -0.5)")]
    [InlineData(nameof(EngineParameters.SafetyFloor), 0.0, "must be in (0, 1] (was 0)")]
    [InlineData(nameof(EngineParameters.SafetyFloor), 1.5, "must be in (0, 1] (was 1.5)")]
    [InlineData(nameof(EngineParameters.SafetyFloor), -0.1, "must be in (0, 1] (was -0.1)")]
    [InlineData(nameof(EngineParameters.ErrorFloor), 0.0, "must be in (0, 1] (was 0)")]
    [InlineData(nameof(EngineParameters.ErrorFloor), 1.01, "must be in (0, 1] (was 1.01)")]
    [InlineData(nameof(EngineParameters.MaxWeight), 101.0, "must be at most 100 (was 101)")]
    [InlineData(nameof(EngineParameters.MinWeight), -1.0, "must not be negative (was -1)")]
    [InlineData(nameof(EngineParameters.LatencyThreshold), 0.0, "must be greater than 0 (was 0)")]
    [InlineData(nameof(EngineParameters.LatencyThreshold), -0.2, "must be greater than 0 (was -0.2)")]
    [InlineData(nameof(EngineParameters.ErrorThreshold), 0.0, "must be greater than 0 (was 0)")]
    [InlineData(nameof(EngineParameters.MinRequests), -1.0, "must not be negative (was -1)")]
    public void Out_of_range_values_are_reported_with_field_and_reason(string field, double value, string reason)
    {
        var problem = Assert.Single(With(field, value).Validate());

        Assert.Equal(field, problem.Field);
        Assert.Equal(reason, problem.Reason);
        Assert.Equal($"{field}: {reason}", problem.ToString());
    }

    [Theory]
    [InlineData(nameof(EngineParameters.SafetyFloor), 1.0)]
    [InlineData(nameof(EngineParameters.ErrorFloor), 1.0)]
    [InlineData(nameof(EngineParameters.MaxWeight), 100.0)]
    [InlineData(nameof(EngineParameters.LatencyDecay), 0.0)]
    [InlineData(nameof(EngineParameters.ErrorSlope), 0.0)]
    [InlineData(nameof(EngineParameters.MinWeight), 0.0)]
    [InlineData(nameof(EngineParameters.MinRequests), 0.0)]
    public void Boundary_values_are_accepted(string field, double value) => Assert.Empty(With(field, value).Validate());

    [Theory]
    [InlineData(50.0, 50.0)]
    [InlineData(60.0, 50.0)]
    public void MinWeight_at_or_above_MaxWeight_is_reported(double min, double max)
    {
        var problem = Assert.Single((Seed with { MinWeight = min, MaxWeight = max }).Validate());

        Assert.Equal(nameof(EngineParameters.MinWeight), problem.Field);
        Assert.StartsWith("must be below MaxWeight", problem.Reason);
    }

    [Fact]
    public void Every_problem_is_returned_not_just_the_first()
    {
        var parameters = new EngineParameters
        {
            LatencyDecay = -1, ErrorSlope = double.NaN, SafetyFloor = 0, ErrorFloor = 2,
            MinWeight = 150, MaxWeight = 120, LatencyThreshold = 0, ErrorThreshold = -1, MinRequests = -3,
        };

        var fields = parameters.Validate().Select(p => p.Field).ToList();

        Assert.Equal(
            ["ErrorSlope", "LatencyDecay", "SafetyFloor", "ErrorFloor", "MaxWeight", "MinWeight", "LatencyThreshold", "ErrorThreshold", "MinRequests"],
            fields);
    }

    private static EngineParameters With(string field, double value) => field switch
    {
        nameof(EngineParameters.LatencyDecay) => Seed with { LatencyDecay = value },
        nameof(EngineParameters.ErrorSlope) => Seed with { ErrorSlope = value },
        nameof(EngineParameters.SafetyFloor) => Seed with { SafetyFloor = value },
        nameof(EngineParameters.ErrorFloor) => Seed with { ErrorFloor = value },
        nameof(EngineParameters.MinWeight) => Seed with { MinWeight = value },
        nameof(EngineParameters.MaxWeight) => Seed with { MaxWeight = value },
        nameof(EngineParameters.LatencyThreshold) => Seed with { LatencyThreshold = value },
        nameof(EngineParameters.ErrorThreshold) => Seed with { ErrorThreshold = value },
        nameof(EngineParameters.MinRequests) => Seed with { MinRequests = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}
