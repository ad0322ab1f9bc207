using CanaryDashboard.Simulation.Analysis.Providers;

namespace CanaryDashboard.Simulation.Analysis.Runs;

/// <summary>utils/analysis/factory.go <c>ValidateMetrics</c> / <c>ValidateMetric</c>, with Argo's messages; null when valid.</summary>
public static class MetricValidation
{
    public static string? Validate(IReadOnlyList<MetricSpec> metrics)
    {
        if (metrics.Count == 0)
            return "no metrics specified";
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < metrics.Count; i++)
        {
            if (!names.Add(metrics[i].Name))
                return $"metrics[{i}]: duplicate name '{metrics[i].Name}'";
            if (Validate(metrics[i]) is { } error)
                return $"metrics[{i}]: {error}";
        }
        return null;
    }

    public static string? Validate(MetricSpec metric)
    {
        var count = metric.Count ?? 0;
        var failureLimit = metric.FailureLimit ?? 0;
        var successLimit = metric.ConsecutiveSuccessLimit ?? 0;
        var inconclusiveLimit = metric.InconclusiveLimit ?? 0;
        if (successLimit < 0)
            return "consecutiveSuccessLimit must be >= 0";
        if (failureLimit < -1)
            return "failureLimit must be >= 0, or -1 to be disabled";
        if (successLimit == 0 && failureLimit == -1)
            return "failureLimit and consecutiveSuccessLimit cannot both be disabled";
        if (inconclusiveLimit < 0)
            return "inconclusiveLimit must be >= 0";
        if (metric.ConsecutiveErrorLimit is < 0)
            return "consecutiveErrorLimit must be >= 0";
        if (count > 0)
        {
            if (failureLimit >= 0 && count < failureLimit + successLimit)
                return $"count ({count}) must be >= failureLimit + consecutiveSuccessLimit ({failureLimit} + {successLimit}) if both >= 0";
            if (failureLimit < 0 && count < successLimit)
                return "count must be >= consecutiveSuccessLimit";
            if (count < inconclusiveLimit)
                return "count must be >= inconclusiveLimit";
        }
        if (count > 1 && metric.Interval.Length == 0)
            return "interval must be specified when count > 1";
        if (metric.Interval.Length > 0 && !GoDuration.TryParse(metric.Interval, out _, out var intervalError))
            return $"invalid interval string: {intervalError}";
        if (metric.InitialDelay.Length > 0 && !GoDuration.TryParse(metric.InitialDelay, out _, out var delayError))
            return $"invalid startDelay string: {delayError}";
        return MetricProviders.CountOf(metric) switch
        {
            0 => "no provider specified",
            > 1 => "multiple providers specified",
            _ => null,
        };
    }
}
