using System.Globalization;
using CanaryDashboard.Engine;
using CanaryDashboard.Engine.Evidence;
using CanaryDashboard.Model;

namespace CanaryDashboard.Polling.Decisions;

/// <summary>
/// The circuit breaker and the ladder climber of one rollout, one poll at a time. Pure: the
/// previous counters, where the rollout stands, the engine's result, the settings and the time in;
/// the decision, the rule that fired in words and the next counters out.
/// <para>Rules (DESIGN §4, issues 4 and 10):</para>
/// <list type="bullet">
/// <item><b>Evidence decides, not point estimates</b> (<see cref="EvidenceEngine"/>, counts since the rung's entry):
/// a poll counts as a breach only when the evidence shows a threshold exceeded at the configured confidence,
/// and <c>M</c> such polls in a row abort. Advancing needs evidence that the canary is within both thresholds
/// (<see cref="EvidenceVerdict.WithinThreshold"/>) <i>and</i> the engine's safe weight allowing the next rung;
/// the mere absence of a breach holds. A point estimate above a threshold that the evidence does not yet
/// show holds, visibly, and never aborts.</item>
/// <item>Not enough evidence, no counts and a metrics outage hold. They neither count as a breach nor break a breach
/// streak (a gap says nothing about the canary's health, so breach · gap · breach is still two in a row),
/// and they reset the advance streak. An outage poll itself never aborts.</item>
/// <item><b>One rung per advance</b>: only the next setWeight step is ever a target, and only when its
/// weight (in percent: <c>setWeight × 100 ÷ maxTrafficWeight</c>), and every weight Argo walks on to before
/// its next stop, is within the safe weight. Jumping several rungs would put the target's weight on a
/// canary ReplicaSet scaled for the previous one: while <c>AtDesiredReplicaCountsForCanary</c> is false
/// Argo routes the setWeight just before the target step to it (rollout/trafficrouting.go).</item>
/// <item>The advance needs <c>N</c> proceeding polls in a row on this step <b>and</b> the rung's own time:
/// at least <see cref="DecisionSettings.MinTimeAtRung"/> since the rung began serving its weight at its
/// desired replicas (<see cref="RolloutPosition.RungEnteredAt"/>, <see cref="RungClock"/>), so the
/// evidence is about requests served at this weight, not one window read N times.</item>
/// <item>No advance while the canary ReplicaSet lacks its desired available replicas (the streak restarts:
/// Argo is then routing the previous weight), while a person paused the rollout (<c>spec.paused</c>: Argo
/// does not scale at all), on an inconclusive analysis or experiment pause (a person's call), nor anywhere
/// but paused on a ladder step; never past a step it would skip (an analysis, an experiment, a timed pause).</item>
/// <item>A rung at full weight, or promoting past the last rung, only when <see cref="DecisionSettings.AllowAutoPromoteToFull"/>, under the same conditions.</item>
/// <item>Counters belong to one revision (a new one starts afresh); a step change restarts the advance streak.</item>
/// <item>Every policy computes the same counters (switching Observe → Auto acts on evidence already seen);
/// Observe records the engine result only, Advise shows the decision without sending, Auto sends it.</item>
/// </list>
/// The decision is re-checked against a fresh read when it is sent (<c>RolloutActionPlanner</c>: expected
/// step and pod hash, <c>spec.paused</c>, inconclusive pauses, <c>metadata.resourceVersion</c>).
/// </summary>
public static class RolloutDecider
{
    /// <param name="engine">The seed's formula on the rate window: the safe weight (how far the ladder may go).</param>
    /// <param name="evidence">The evidence since the rung's entry (whether to abort or advance at all); null when no counts could be read (hold).</param>
    public static RolloutDecision Decide(
        DecisionCounters previous, RolloutPosition rollout, EngineResult engine, EvidenceAssessment? evidence, bool metricsAvailable,
        DecisionSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.PollsToAdvance, 1, nameof(settings.PollsToAdvance));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BreachesToAbort, 1, nameof(settings.BreachesToAbort));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MinTimeAtRung, TimeSpan.Zero, nameof(settings.MinTimeAtRung));

        var counters = previous.Revision == rollout.Revision ? previous : DecisionCounters.Initial with { Revision = rollout.Revision };
        if (counters.StepIndex != rollout.CurrentStepIndex)
            counters = counters with { StepIndex = rollout.CurrentStepIndex, ConsecutiveAdvancePolls = 0 };

        var decision = Core(counters, rollout, engine, evidence, metricsAvailable, settings, now);
        return settings.Policy switch
        {
            RolloutPolicy.Auto => decision with { Send = decision.IsChange },
            RolloutPolicy.Advise => decision with
            {
                Send = false,
                Rule = "advise: " + decision.Rule + (decision.IsChange ? " (not sent)" : ""),
            },
            _ => decision with
            {
                Action = PollAction.None,
                Send = false,
                Target = null,
                TargetPercent = null,
                Rule = "observe: engine result recorded (" + Verdict(engine, evidence, metricsAvailable) + "), nothing decided",
            },
        };
    }

    private static RolloutDecision Core(DecisionCounters counters, RolloutPosition rollout, EngineResult engine, EvidenceAssessment? evidence,
        bool metricsAvailable, DecisionSettings settings, DateTimeOffset now)
    {
        var (n, m) = (settings.PollsToAdvance, settings.BreachesToAbort);
        if (rollout.Aborted)
            return new(PollAction.None, false, "aborted: nothing to decide", Reset(counters));
        if (rollout.FullyPromoted)
            return new(PollAction.None, false, "fully promoted: nothing to decide", Reset(counters));

        var noStreak = counters with { ConsecutiveAdvancePolls = 0 };
        if (!metricsAvailable)
            return new(PollAction.Hold, false, "metrics unavailable → hold (an outage never aborts)", noStreak,
                Count: counters.ConsecutiveBreaches, Required: m);

        switch (evidence?.Verdict)
        {
            case EvidenceVerdict.Breach:
            {
                var breaches = counters.ConsecutiveBreaches + 1;
                var breaching = noStreak with { ConsecutiveBreaches = breaches };
                // Past M (Advise and Observe never send, or an abort did not take): say so rather than "3 of 2".
                var inARow = breaches <= m ? $"{breaches} of {m}" : $"{breaches} in a row (abort from {m})";
                var shown = BreachEvidence(evidence!);
                return breaches >= m
                    ? new(PollAction.Abort, false, $"breach {inARow} ({shown}) → abort", breaching, Count: breaches, Required: m)
                    : new(PollAction.Hold, false, $"breach {breaches} of {m} ({shown}) → hold", breaching, Count: breaches, Required: m);
            }
            case null:
                return new(PollAction.Hold, false, "no evidence: no request counts since the rung's entry → hold", noStreak,
                    Count: counters.ConsecutiveBreaches, Required: m);
            case EvidenceVerdict.Insufficient:
                return new(PollAction.Hold, false, $"not enough evidence yet ({Pending(evidence)}) → hold", noStreak,
                    Count: counters.ConsecutiveBreaches, Required: m);
        }

        // Within both thresholds at the confidence: the breach streak is over. How far is still the engine's safe weight.
        counters = counters with { ConsecutiveBreaches = 0 };
        noStreak = counters with { ConsecutiveAdvancePolls = 0 };
        switch (engine.Verdict)
        {
            case Engine.Verdict.Breach:
                return new(PollAction.Hold, false,
                    $"the evidence since the rung's entry is within the thresholds, but the rate window's estimate breaches ({engine.Reason}) → hold",
                    noStreak, Required: settings.PollsToAdvance);
            case Engine.Verdict.InsufficientData:
                return new(PollAction.Hold, false,
                    $"the evidence since the rung's entry is within the thresholds, but the safe weight is unknown ({engine.Reason}) → hold",
                    noStreak, Required: settings.PollsToAdvance);
        }

        if (rollout.Rungs.Count == 0)
            return new(PollAction.None, false, "no setWeight steps: no ladder to climb", noStreak);

        // A canary short of its replicas is served the previous setWeight by Argo: this poll is no
        // evidence about the current weight, so the streak starts again once it is scaled.
        if (rollout.Canary is { AtDesired: false } scaling)
            return new(PollAction.Hold, false,
                $"the canary ReplicaSet has {scaling.Available} of {scaling.Desired} available replicas for its step " +
                "(Argo's AtDesiredReplicaCountsForCanary): Argo routes the previous weight until it has them → hold",
                noStreak, Required: n);

        var safe = engine.SafeWeight;
        var current = NextRung.Current(rollout);
        var currentText = current is { } c ? NextRung.Text(rollout, c) : "0";
        if (NextRung.Of(rollout) is not { } next)
            return LastRung(counters, rollout, settings, now, safe, current);

        var nextText = NextRung.Text(rollout, next);
        var reach = NextRung.Reach(rollout, next);
        var walksOn = reach > rollout.Percent(next) ? $", and Argo walks on to {NextRung.Pct(reach)} before its next stop" : "";
        if (reach >= 100 && !settings.AllowAutoPromoteToFull)
            return new(PollAction.Hold, false,
                rollout.Percent(next) >= 100
                    ? "the next rung is full weight: promoting to 100 % is left to a person → hold"
                    : $"the next rung ({nextText}{walksOn}) reaches full weight: promoting to 100 % is left to a person → hold",
                noStreak, Required: n);
        if (reach > safe)
        {
            var reason = $"hold at weight {currentText}: the next rung ({nextText}{walksOn}) is above the safe weight {W(safe)}";
            if (current is { } on && safe < rollout.Percent(on))
                reason += $"; the safe weight {W(safe)} is below the current weight, the ladder never moves back";
            return new(PollAction.Hold, false, reason, noStreak, Required: n);
        }
        var skipped = NextRung.Skipped(rollout, next);
        if (skipped.Count > 0)
            return new(PollAction.Hold, false,
                $"advancing to rung {nextText} (step {next.StepIndex}) would skip {string.Join(", ", skipped.Select(s => $"step {s.Index} ({s.Kind})"))}: " +
                "promoting through them is left to a person → hold",
                noStreak, Required: n);

        var count = Math.Min(counters.ConsecutiveAdvancePolls + 1, n);
        var streak = counters with { ConsecutiveAdvancePolls = count };
        var percent = rollout.Percent(next);
        var allows = $"safe weight {W(safe)} allows rung {nextText}";
        if (count < n)
            return new(PollAction.Hold, false, $"{allows}: holding, {count} of {n} polls", streak, next, count, n, percent);
        if (Blocker(rollout, settings, now, currentText) is { } why)
            return new(PollAction.Hold, false, $"{allows} for {count} of {n} polls, but {why} → hold", streak, next, count, n, percent);
        return new(PollAction.Advance, false,
            $"{allows} for {count} of {n} polls, {Span(TimeAtRung(rollout, now))} at rung {currentText} → advance to step {next.StepIndex}",
            noStreak, next, count, n, percent);
    }

    /// <summary>No rung ahead: hold, or (when the settings allow it) promote to full weight under the same conditions as an advance.</summary>
    private static RolloutDecision LastRung(DecisionCounters counters, RolloutPosition rollout, DecisionSettings settings, DateTimeOffset now,
        double safe, LadderRung? current)
    {
        var n = settings.PollsToAdvance;
        var noStreak = counters with { ConsecutiveAdvancePolls = 0 };
        if (current is not { } last)
            return new(PollAction.Hold, false, "no rung ahead of the current step → hold", noStreak, Required: n);
        var lastText = NextRung.Text(rollout, last);
        if (!settings.AllowAutoPromoteToFull)
            return new(PollAction.Hold, false, $"last rung ({lastText}) reached: promoting to 100 % is left to a person → hold", noStreak, Required: n);
        if (safe < rollout.Percent(last))
            return new(PollAction.Hold, false, $"safe weight {W(safe)} is below the last rung ({lastText}) → hold", noStreak, Required: n);
        var polls = Math.Min(counters.ConsecutiveAdvancePolls + 1, n);
        var holding = counters with { ConsecutiveAdvancePolls = polls };
        var holds = $"safe weight {W(safe)} holds the last rung ({lastText})";
        if (polls < n)
            return new(PollAction.Hold, false, $"{holds}: holding, {polls} of {n} polls", holding, Count: polls, Required: n);
        if (Blocker(rollout, settings, now, lastText) is { } why)
            return new(PollAction.Hold, false, $"{holds} for {polls} of {n} polls, but {why} → hold", holding, Count: polls, Required: n);
        return new(PollAction.PromoteFull, false,
            $"{holds} for {polls} of {n} polls, {Span(TimeAtRung(rollout, now))} at rung {lastText} → promote to 100 % (allowed by the settings)",
            noStreak, Count: polls, Required: n);
    }

    /// <summary>Why the rollout may not move now, or null: a person's pause, an inconclusive pause, not on a ladder pause, too little time at the rung.</summary>
    private static string? Blocker(RolloutPosition rollout, DecisionSettings settings, DateTimeOffset now, string rungText)
    {
        if (rollout.ManuallyPaused)
            return "the rollout is paused by a person (spec.paused): Argo does not scale it until it is resumed";
        if (rollout.InconclusivePause is { } inconclusive)
            return $"Argo paused it on an inconclusive result ({inconclusive}): promoting past it is a person's call";
        if (!rollout.PausedOnLadderStep)
            return $"the rollout is not paused on a ladder step (step {rollout.CurrentStepIndex?.ToString(CultureInfo.InvariantCulture) ?? "none"})";
        if (settings.MinTimeAtRung > TimeSpan.Zero)
        {
            if (rollout.RungEnteredAt is null)
                return $"the start of rung {rungText} is not known yet (the {Span(settings.MinTimeAtRung)} minimum at a rung counts from it)";
            var at = TimeAtRung(rollout, now);
            if (at < settings.MinTimeAtRung)
                return $"{Span(at)} at rung {rungText} of the {Span(settings.MinTimeAtRung)} minimum";
        }
        return null;
    }

    private static TimeSpan TimeAtRung(RolloutPosition rollout, DateTimeOffset now) =>
        rollout.RungEnteredAt is { } entered && now > entered ? now - entered : TimeSpan.Zero;

    private static DecisionCounters Reset(DecisionCounters counters) =>
        DecisionCounters.Initial with { Revision = counters.Revision, StepIndex = counters.StepIndex };

    private static string Verdict(EngineResult engine, EvidenceAssessment? evidence, bool metricsAvailable) =>
        !metricsAvailable ? "metrics unavailable"
        : evidence?.Verdict switch
        {
            null => "no evidence",
            EvidenceVerdict.Breach => "breach shown: " + BreachEvidence(evidence),
            EvidenceVerdict.Insufficient => "not enough evidence yet",
            _ => engine.Verdict == Engine.Verdict.Proceed ? $"within thresholds, safe weight {W(engine.SafeWeight)}" : "within thresholds",
        };

    /// <summary>The breaching metric's evidence in words ("p99 +45 % [+28 %, +63 %] at 95 %, 1,240 requests: above the 20 % threshold").</summary>
    private static string BreachEvidence(EvidenceAssessment evidence) =>
        evidence.Latency.Verdict == EvidenceVerdict.Breach
            ? evidence.Errors.Verdict == EvidenceVerdict.Breach ? $"{evidence.Latency.Reason}; {evidence.Errors.Reason}" : evidence.Latency.Reason
            : evidence.Errors.Reason;

    /// <summary>What is not yet shown: the metrics that are not within their threshold (both when neither is).</summary>
    private static string Pending(EvidenceAssessment evidence)
    {
        var latency = evidence.Latency.Verdict != EvidenceVerdict.WithinThreshold;
        var errors = evidence.Errors.Verdict != EvidenceVerdict.WithinThreshold;
        return latency && errors ? $"{evidence.Latency.Reason}; {evidence.Errors.Reason}"
            : latency ? evidence.Latency.Reason
            : evidence.Errors.Reason;
    }

    private static string W(double weight) => weight.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>"45 s", "2 min 5 s": whole seconds.</summary>
    private static string Span(TimeSpan span)
    {
        var seconds = (long)Math.Floor(span.TotalSeconds);
        return seconds < 120
            ? $"{seconds.ToString(CultureInfo.InvariantCulture)} s"
            : $"{(seconds / 60).ToString(CultureInfo.InvariantCulture)} min {(seconds % 60).ToString(CultureInfo.InvariantCulture)} s";
    }
}
