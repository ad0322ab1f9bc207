namespace CanaryDashboard.Configuration;

/// <summary>The checks of the Prometheus section beyond the basic ones: templates and per-rollout overrides.</summary>
internal static class PrometheusOptionsValidation
{
    public static void AddFailures(PrometheusOptions prometheus, List<string> failures)
    {
        var queries = prometheus.Queries;
        foreach (var (key, template) in new[]
                 {
                     (nameof(queries.P99), queries.P99), (nameof(queries.ErrorRatio), queries.ErrorRatio),
                     (nameof(queries.RequestRate), queries.RequestRate), (nameof(queries.Requests), queries.Requests),
                 })
        {
            if (string.IsNullOrWhiteSpace(template))
                failures.Add($"Prometheus:Queries:{key}: must not be empty");
            else if (!template.Contains(PrometheusQueries.SelectorPlaceholder, StringComparison.Ordinal))
                failures.Add($"Prometheus:Queries:{key}: must contain {PrometheusQueries.SelectorPlaceholder} (the label matchers of the polled rollouts), or it cannot tell rollouts apart");
            else if (!template.Contains(PrometheusQueries.ByPlaceholder, StringComparison.Ordinal))
                failures.Add($"Prometheus:Queries:{key}: must contain {PrometheusQueries.ByPlaceholder} (group by rollout and version), or one query cannot serve every rollout");
        }

        if (string.IsNullOrWhiteSpace(prometheus.JobTemplate))
            failures.Add("Prometheus:JobTemplate: must not be empty (use {name} for the rollout's name)");

        foreach (var (key, rollout) in prometheus.Rollouts)
        {
            if (rollout.Job is { } job && string.IsNullOrWhiteSpace(job))
                failures.Add($"Prometheus:Rollouts:{key}:Job: must not be empty when set");
            var canary = rollout.CanaryVersion ?? prometheus.CanaryVersion;
            var stable = rollout.StableVersion ?? prometheus.StableVersion;
            if (string.IsNullOrWhiteSpace(canary) || string.IsNullOrWhiteSpace(stable))
                failures.Add($"Prometheus:Rollouts:{key}: CanaryVersion and StableVersion must not be empty when set");
            else if (canary == stable)
                failures.Add($"Prometheus:Rollouts:{key}:StableVersion: must differ from CanaryVersion (both '{stable}')");
        }
    }
}
