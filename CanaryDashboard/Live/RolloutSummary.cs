namespace CanaryDashboard.Live;

/// <summary>
/// A rollout as <c>kubectl argo rollouts get rollout</c> summarizes it (DESIGN.md §4), filled by the
/// poller from the cluster adapter's snapshot.
/// </summary>
/// <param name="Status">Argo's derived phase: Healthy, Progressing, Paused, Degraded, …</param>
/// <param name="Message">Argo's status message, if any.</param>
/// <param name="Strategy">Canary or BlueGreen.</param>
/// <param name="StepIndex">The current step index; <c>null</c> when the strategy has no steps.</param>
/// <param name="StepCount">The number of steps.</param>
/// <param name="SetWeight">The weight the current step sets (0 when aborted).</param>
/// <param name="ActualWeight">The weight the canary actually receives.</param>
/// <param name="Images">The images in use, each with Argo's tags (canary, stable, …).</param>
public sealed record RolloutSummary(
    string Namespace,
    string Name,
    string Status,
    string? Message,
    string Strategy,
    int? StepIndex,
    int? StepCount,
    int SetWeight,
    double ActualWeight,
    IReadOnlyList<RolloutImage> Images)
{
    /// <summary>The step as Argo prints it, <c>i/n</c>; empty when the strategy has no steps.</summary>
    public string Step => StepIndex is { } i && StepCount is { } n ? $"{i}/{n}" : "";
}

/// <summary>One image of a rollout with the tags Argo gives it ("canary", "stable").</summary>
public sealed record RolloutImage(string Image, IReadOnlyList<string> Tags);
