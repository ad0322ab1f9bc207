using CanaryDashboard.Parameters;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;

namespace CanaryDashboard.Analyze;

/// <summary>What <c>/analyze</c> concluded, before it becomes HTTP (<see cref="AnalyzeAnswer"/>).</summary>
public enum AnalyzeStatus
{
    /// <summary>The evidence is within the thresholds: a verdict, Argo's measurement is Successful.</summary>
    Proceed,
    /// <summary>A threshold is exceeded: a verdict, Argo's measurement is Failed.</summary>
    Breach,
    /// <summary>Too few requests, missing or NaN series: no verdict.</summary>
    InsufficientData,
    /// <summary>The metrics backend (or the cluster watch) could not answer in time: no verdict.</summary>
    Unavailable,
    /// <summary>Neither the cluster nor the metrics know this rollout: a configuration mistake, no verdict.</summary>
    UnknownRollout,
    /// <summary>The request itself is malformed (missing or invalid namespace/rollout): no verdict.</summary>
    BadRequest,
}

public sealed record AnalyzeOutcome(
    AnalyzeStatus Status,
    RolloutKey Rollout,
    string Reason,
    DateTimeOffset At,
    EffectiveParameters? Parameters = null,
    MetricTarget? Target = null,
    MetricsReading? Reading = null,
    EngineResult? Result = null,
    IReadOnlyList<string>? Warnings = null)
{
    /// <summary>The evidence since the rung's entry the status rests on; null when none could be read.</summary>
    public EvidenceAssessment? Evidence { get; init; }

    /// <summary>Where the evidence's counts start.</summary>
    public DateTimeOffset? EvidenceSince { get; init; }

    /// <summary>Whose look it is: the control loop's (and how old) or /analyze's own read.</summary>
    public string? EvidenceSource { get; init; }
}
