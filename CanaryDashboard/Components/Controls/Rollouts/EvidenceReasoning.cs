using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Live;

namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>
/// The evidence behind the decision in words, for the sample the page shows: the intervals
/// ("p99 +8 % [−3 %, +19 %] at 95 %, 1,240 requests") and, while it holds for lack of evidence,
/// what more it needs at the current traffic ("Holding: about 1,900 more canary requests
/// (≈ 3 min at 10 req/s) to show it within the thresholds").
/// </summary>
public static class EvidenceReasoning
{
    public static string Describe(LiveSample sample, EngineParameters engine, EvidenceParameters evidence)
    {
        if (sample.Evidence is not { } a)
            return "Evidence: no counts since the rung's entry were read yet, so the decision holds.";
        var metrics = $"{a.Latency.Reason}; {a.Errors.Reason}";
        return a.Verdict switch
        {
            EvidenceVerdict.Breach => $"Breach shown: {metrics}.",
            EvidenceVerdict.WithinThreshold => $"Within the thresholds: {metrics}.",
            _ => $"Holding: {Need(sample, a, engine, evidence)}. {Capitalized(metrics)}.",
        };
    }

    /// <summary>
    /// What more the hold needs. Projected only here, for the one sample shown (about twenty
    /// assessments): the poller weighs every rollout every poll and does not project.
    /// </summary>
    private static string Need(LiveSample sample, EvidenceAssessment assessment, EngineParameters engine, EvidenceParameters evidence)
    {
        if (sample.Counts is not { } counts)
            return "not enough evidence yet to decide either way";
        try
        {
            return EvidenceEngine.Needed(counts, assessment, engine, evidence) is { } needed
                ? EvidenceText.Describe(needed)
                : "not enough evidence yet to decide either way";
        }
        catch (ArgumentException)
        {
            // Parameters the poller could not weigh with either; the metrics' reasons still say why it holds.
            return "not enough evidence yet to decide either way";
        }
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
