using CanaryDashboard.Configuration;

namespace CanaryDashboard.Tests.Data;

/// <summary>Retention and batching settings are checked at start, each failure naming its key.</summary>
public sealed class RetentionOptionsValidationTests
{
    [Fact]
    public void The_defaults_are_valid_and_match_the_issue()
    {
        var options = new CanaryDashboardOptions();
        Assert.True(new CanaryDashboardOptionsValidator().Validate(null, options).Succeeded);
        var retention = options.Storage.Retention;
        Assert.Equal((TimeSpan.FromHours(24), TimeSpan.FromDays(30)), (retention.RawSamples, retention.MinuteAggregates));
    }

    [Fact]
    public void Bad_retention_values_are_refused_each_with_its_key()
    {
        var options = new CanaryDashboardOptions();
        options.Storage.Retention = new RetentionOptions
        {
            RawSamples = TimeSpan.FromMinutes(1),
            MinuteAggregates = TimeSpan.FromSeconds(30),
            PruneInterval = TimeSpan.Zero,
            BatchSize = 0,
            FlushInterval = TimeSpan.FromSeconds(-1),
            QueueCapacity = 0,
        };
        var failures = new CanaryDashboardOptionsValidator().Validate(null, options).Failures!.ToList();
        foreach (var key in new[] { "RawSamples", "MinuteAggregates", "PruneInterval", "BatchSize", "FlushInterval", "QueueCapacity" })
            Assert.Contains(failures, f => f.StartsWith($"Storage:Retention:{key}:", StringComparison.Ordinal));
        Assert.Equal(6, failures.Count);
    }
}
