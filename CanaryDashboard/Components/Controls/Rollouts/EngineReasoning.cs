using CanaryDashboard.Engine;
using CanaryDashboard.Live;

namespace CanaryDashboard.Components.Controls.Rollouts;

/// <summary>
/// The engine's reasoning for one sample in words, e.g.
/// "latency +8% → penalty 0.45 · errors +0.1 pp → 0.98 · safe weight 47.6 → rung 35 · holding: 2 of 3 polls".
/// </summary>
public static class EngineReasoning
{
    public static string Describe(LiveSample sample, EngineParameters parameters, int? targetRung, DecisionSummary? decision)
    {
        var e = sample.Engine;
        var parts = new List<string>();
        switch (e.Verdict)
        {
            case Verdict.Proceed:
                parts.Add($"latency {Format.LatencyDelta(e.LatencyDelta)} → penalty {Format.Number(e.LatencyPenalty ?? 0)}");
                parts.Add($"errors {Format.ErrorDelta(e.ErrorDelta)} → {Format.Number(e.ErrorPenalty ?? 0)}");
                parts.Add($"safe weight {Format.Number(e.SafeWeight, "0.0")}" + (targetRung is { } r ? $" → rung {r}" : ""));
                break;
            case Verdict.Breach:
                if (e.LatencyDelta > parameters.LatencyThreshold)
                    parts.Add($"latency {Format.LatencyDelta(e.LatencyDelta)} > {Format.LatencyDelta(parameters.LatencyThreshold)} threshold");
                if (e.ErrorDelta > parameters.ErrorThreshold)
                    parts.Add($"errors {Format.ErrorDelta(e.ErrorDelta)} > {Format.ErrorDelta(parameters.ErrorThreshold)} threshold");
                parts.Add("breach → safe weight 0");
                break;
            default:
                parts.Add("insufficient data: " + e.Reason);
                break;
        }
        if (decision is not null)
            parts.Add($"{Verb(decision.Action)}: {decision.Progress}");
        return string.Join(" · ", parts);
    }

    private static string Verb(string action) => action switch
    {
        "hold" => "holding",
        "advance" => "advancing",
        "abort" => "aborting",
        _ => action,
    };
}
