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
                     (nameof(queries.RequestCounter), queries.RequestCounter), (nameof(queries.ErrorCounter), queries.ErrorCounter),
                     (nameof(queries.LatencyBucketCounter), queries.LatencyBucketCounter),
                 })
        {
            if (string.IsNullOrWhiteSpace(template))
                failures.Add($"Prometheus:Queries:{key}: must not be empty");
            else if (!template.Contains(PrometheusQueries.SelectorPlaceholder, StringComparison.Ordinal))
                failures.Add($"Prometheus:Queries:{key}: must contain {PrometheusQueries.SelectorPlaceholder} (the label matchers of the polled rollouts), or it cannot tell rollouts apart");
            else if (!template.Contains(PrometheusQueries.ByPlaceholder, StringComparison.Ordinal))
                failures.Add($"Prometheus:Queries:{key}: must contain {PrometheusQueries.ByPlaceholder} (group by rollout and version), or one query cannot serve every rollout");
        }

        // Optional, so empty is valid (off); when set it must name a label distinct from the other two,
        // or grouping by it would merge or hide the rollout and version groups.
        if (prometheus.RevisionLabel is { Length: > 0 } revision)
        {
            if (!PromDuration.IsLabelName(revision))
                failures.Add($"Prometheus:RevisionLabel: must be empty (off) or a Prometheus label name (was '{revision}')");
            else if (revision == prometheus.RolloutLabel || revision == prometheus.VersionLabel)
                failures.Add($"Prometheus:RevisionLabel: must differ from RolloutLabel and VersionLabel (was '{revision}')");
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
