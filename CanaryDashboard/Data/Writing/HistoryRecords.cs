using CanaryDashboard.Data.Entities;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Metrics;
using CanaryDashboard.Model;
using CanaryDashboard.Parameters;

namespace CanaryDashboard.Data.Writing;

/// <summary>
/// What one poll cycle (or one UI action) hands to <see cref="HistoryWriter.TryEnqueue"/>: it is
/// committed in one transaction with whatever else is queued, and never split across two, so a
/// crash keeps all of it or none of it.
/// </summary>
public sealed record HistoryBatch(
    IReadOnlyList<SampleRecord> Samples,
    IReadOnlyList<DecisionRecord> Decisions,
    IReadOnlyList<ActionRecord> Actions)
{
    public HistoryBatch(IReadOnlyList<SampleRecord> samples, IReadOnlyList<DecisionRecord>? decisions = null)
        : this(samples, decisions ?? [], []) { }

    public static HistoryBatch Of(ActionRecord action) => new([], [], [action]);

    public static HistoryBatch Of(AuditEventRecord auditEvent) => new([], [], []) { Events = [auditEvent] };

    /// <summary>Audited changes that concern no rollout (profiles, accounts, sign-ins).</summary>
    public IReadOnlyList<AuditEventRecord> Events { get; init; } = [];

    /// <summary>Records in the batch (what the writer's batch size and counters count).</summary>
    public int Count => Samples.Count + Decisions.Count + Actions.Count + Events.Count;
}

/// <summary>
/// One rollout at one poll: the metrics per version, the engine's result, and where the rollout
/// stands (weights, step, revision).
/// </summary>
/// <param name="ActualWeight">The canary's real traffic weight.</param>
/// <param name="SetWeight">The weight of the current setWeight step.</param>
/// <param name="Run">The revision and what the rollout shows about it now; null skips run tracking.</param>
/// <param name="Origin">Where the engine parameters that judged it came from (null: not known).</param>
public sealed record SampleRecord(
    RolloutKey Rollout,
    DateTimeOffset At,
    VersionMetrics Canary,
    VersionMetrics Stable,
    EngineResult Engine,
    double? ActualWeight,
    double? SetWeight,
    int? StepIndex,
    RunObservation? Run = null,
    ParameterOrigin? Origin = null)
{
    /// <summary>The evidence since the rung's entry that the decision weighed (deltas with intervals, counts); null when none could be read.</summary>
    public EvidenceAssessment? Evidence { get; init; }

    /// <summary>Where the evidence's counts start (the rung's entry as read); null without evidence.</summary>
    public DateTimeOffset? EvidenceSince { get; init; }

    /// <summary>The counts the evidence was weighed from (with the histogram buckets), kept so a backtest can replay them; null without evidence.</summary>
    public EvidenceInputs? Counts { get; init; }
}

/// <summary>
/// The revision (pod template hash) under canary and its state as the poller sees it now:
/// <see cref="RunOutcome.Running"/>, <see cref="RunOutcome.Promoted"/> or <see cref="RunOutcome.Aborted"/>.
/// </summary>
public sealed record RunObservation(string Revision, RunOutcome State);

/// <summary>What the control loop decided for one rollout, why, and what it sent (if anything).</summary>
/// <param name="Rule">The rule that fired, in words.</param>
/// <param name="TargetWeight">For Advance: the rung's weight.</param>
/// <param name="TargetStepIndex">For Advance: the rung's step index.</param>
/// <param name="Origin">Where the engine parameters it was made with came from (null: not known).</param>
public sealed record DecisionRecord(
    RolloutKey Rollout,
    DateTimeOffset At,
    RolloutPolicy Policy,
    EngineResult Engine,
    string Rule,
    DecisionAction Action,
    double? TargetWeight = null,
    int? TargetStepIndex = null,
    SentPatch? Sent = null,
    ParameterOrigin? Origin = null);

/// <summary>A patch sent to the cluster: where, the body, whether the API server accepted it, and its answer in words.</summary>
public sealed record SentPatch(string Target, string Body, bool Succeeded, string Outcome);

/// <summary>One audited action (from a user or the poller).</summary>
public sealed record ActionRecord(
    RolloutKey Rollout,
    DateTimeOffset At,
    string User,
    string Action,
    string Outcome,
    string? PatchTarget = null,
    string? PatchBody = null,
    string? KubectlCommand = null,
    string? Error = null);

/// <summary>
/// One audited change that concerns no rollout: a threshold profile saved or deleted, a sign-in,
/// a refused sign-in, a sign-out. Stored in the audit log with no rollout.
/// </summary>
/// <param name="Subject">What it concerned, in words ("profile strict", "account alice").</param>
/// <param name="Address">The client's address, for account events.</param>
/// <param name="Detail">What changed or why it was refused, in words.</param>
public sealed record AuditEventRecord(
    DateTimeOffset At,
    string User,
    string Action,
    string Outcome,
    string Subject,
    string? Address = null,
    string? Detail = null);
