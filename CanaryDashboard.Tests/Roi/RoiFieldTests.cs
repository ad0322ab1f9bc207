using CanaryDashboard.Roi;

namespace CanaryDashboard.Tests.Roi;

/// <summary>The page's inputs: what they read, what they refuse and why, and exact round trips of percent rates.</summary>
public sealed class RoiFieldTests
{
    private static RoiField Field(string label) => RoiField.All.Single(f => f.Label == label);

    [Fact]
    public void Every_input_of_the_seed_has_a_field_with_an_explanation()
    {
        Assert.Equal(13, RoiField.All.Count);
        Assert.All(RoiField.All, f => Assert.False(string.IsNullOrWhiteSpace(f.Explanation)));
        Assert.Equal(RoiField.All.Count, RoiField.All.Select(f => f.Label).Distinct().Count());
    }

    [Fact]
    public void Rates_read_in_percent_without_binary_noise()
    {
        var seed = RoiInputs.SeedDefaults;
        Assert.Equal(23, Field("Static rollback rate (%)").Read(seed));
        Assert.Equal(2.5, Field("Dynamic rollback rate (%)").Read(seed));
        Assert.Equal(31, Field("Static false-alarm rate (%)").Read(seed));
        Assert.Equal(18, Field("Overprovisioning (% of cloud spend)").Read(seed));
        Assert.Equal(8.4, Field("Static time to roll back (min)").Read(seed));
        Assert.Equal(120, Field("Deployments per month").Read(seed));
    }

    [Fact]
    public void Writing_back_the_shown_percent_gives_the_seeds_exact_fractions()
    {
        // Typing the defaults back in must not move a cent: 23 / 100 == 0.23 exactly as doubles.
        var inputs = RoiInputs.SeedDefaults;
        foreach (var field in RoiField.All)
            inputs = field.Write(inputs, field.Read(inputs));

        Assert.Equal(RoiInputs.SeedDefaults, inputs);
    }

    [Theory]
    [InlineData("Average incident cost ($)", -1, "must not be negative")]
    [InlineData("Deployments per month", 0, "must be at least 1 (the rollback reduction divides by the baseline rollback cost)")]
    [InlineData("Deployments per month", 12.5, "must be a whole number of deployments")]
    [InlineData("Static rollback rate (%)", 101, "must be at most 100 %")]
    [InlineData("Dynamic false-alarm rate (%)", -0.5, "must not be negative")]
    [InlineData("Dynamic time to roll back (min)", 20_000, "must be at most 10,080 minutes (a week)")]
    [InlineData("Cloud monthly spend ($)", double.NaN, "must be a finite number")]
    public void Invalid_values_are_refused_with_the_reason(string label, double value, string reason)
    {
        var field = Field(label);

        Assert.Equal(reason, field.Validate(value));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => field.Write(RoiInputs.SeedDefaults, value));
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Valid_values_are_written_where_the_calculation_reads_them()
    {
        var inputs = Field("Dynamic rollback rate (%)").Write(RoiInputs.SeedDefaults, 5);
        inputs = Field("Deployments per month").Write(inputs, 200);

        Assert.Equal(0.05, inputs.Dynamic.RollbackRate);
        Assert.Equal(200, inputs.DeploymentFrequency);
        Assert.Equal(StrategyAssumptions.SeedStatic, inputs.Static);
    }
}
