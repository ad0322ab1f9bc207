using System.Globalization;
using CanaryDashboard.Engine;
using CanaryDashboard.Model;

namespace CanaryDashboard.Polling.Decisions;

/// <summary>
/// The circuit breaker and the ladder climber of one rollout, one poll at a time. Pure: the
/// previous counters, where the rollout stands, the engine's result and the settings in; the
/// decision, the rule that fired in words and the next counters out.
/// <para>Rules (DESIGN §4, issue 4):</para>
/// <list type="bullet">
/// <item>A breach counts; <c>M</c> breaching polls in a row abort. A proceeding poll resets the count.</item>
/// <item>Insufficient data and a metrics outage hold. They neither count as a breach nor break a breach
/// streak (a gap says nothing about the canary's health, so breach · gap · breach is still two in a row),
/// and they reset the advance streak (advancing needs <c>N</c> consecutive polls of positive evidence).
/// An outage poll itself never aborts.</item>
/// <item>The engine's rung (the highest at or below the safe weight, forward only) is advanced to when
/// it has been allowed for <c>N</c> polls in a row and the rollout is paused on a ladder step; the
/// target is the lowest rung every poll of the streak allowed. Never backwards; never while a person
/// paused the rollout.</item>
/// <item>A rung at full weight, or promoting past the last rung, only when <see cref="DecisionSettings.AllowAutoPromoteToFull"/>.</item>
/// <item>Counters belong to one revision (a new one starts afresh); a step change restarts the advance streak.</item>
/// <item>Every policy computes the same counters (switching Observe → Auto acts on evidence already seen);
/// Observe records the engine result only, Advise shows the decision without sending, Auto sends it.</item>
/// </list>
/// </summary>
public static class RolloutDecider
{
    public static RolloutDecision Decide(
        DecisionCounters previous, RolloutPosition rollout, EngineResult engine, bool metricsAvailable, DecisionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.PollsToAdvance, 1, nameof(settings.PollsToAdvance));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BreachesToAbort, 1, nameof(settings.BreachesToAbort));

        var counters = previous.Revision == rollout.Revision ? previous : DecisionCounters.Initial with { Revision = rollout.Revision };
        if (counters.StepIndex != rollout.CurrentStepIndex)
            counters = counters with { StepIndex = rollout.CurrentStepIndex, ConsecutiveAdvancePolls = 0, StreakTarget = null };

        var decision = Core(counters, rollout, engine, metricsAvailable, settings);
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
                Rule = "observe: engine result recorded (" + Verdict(engine, metricsAvailable) + "), nothing decided",
            },
        };
    }

    private static RolloutDecision Core(DecisionCounters counters, RolloutPosition rollout, EngineResult engine, bool metricsAvailable, DecisionSettings settings)
    {
        var (n, m) = (settings.PollsToAdvance, settings.BreachesToAbort);
        if (rollout.Aborted)
            return new(PollAction.None, false, "aborted: nothing to decide", Reset(counters));
        if (rollout.FullyPromoted)
            return new(PollAction.None, false, "fully promoted: nothing to decide", Reset(counters));

        var noAdvance = counters with { ConsecutiveAdvancePolls = 0, StreakTarget = null };
        if (!metricsAvailable)
            return new(PollAction.Hold, false, "metrics unavailable → hold (an outage never aborts)", noAdvance,
                Count: counters.ConsecutiveBreaches, Required: m);

        switch (engine.Verdict)
        {
            case Engine.Verdict.Breach:
            {
                var breaches = counters.ConsecutiveBreaches + 1;
                var next = noAdvance with { ConsecutiveBreaches = breaches };
                // Past M (Advise and Observe never send, or an abort did not take): say so rather than "3 of 2".
                var count = breaches <= m ? $"{breaches} of {m}" : $"{breaches} in a row (abort from {m})";
                return breaches >= m
                    ? new(PollAction.Abort, false, $"breach {count} → abort", next, Count: breaches, Required: m)
                    : new(PollAction.Hold, false, $"breach {breaches} of {m} → hold", next, Count: breaches, Required: m);
            }
            case Engine.Verdict.InsufficientData:
                return new(PollAction.Hold, false, "insufficient data → hold", noAdvance, Count: counters.ConsecutiveBreaches, Required: m);
        }

        // Proceed: the breach streak is over.
        counters = counters with { ConsecutiveBreaches = 0 };
        if (rollout.Rungs.Count == 0)
            return new(PollAction.None, false, "no setWeight steps: no ladder to climb", counters with { ConsecutiveAdvancePolls = 0, StreakTarget = null });

        var safe = engine.SafeWeight;
        var allowed = settings.AllowAutoPromoteToFull ? rollout.Rungs : rollout.Rungs.Where(r => r.Weight < rollout.MaxWeight).ToList();
        var choice = Ladder.Choose(allowed, rollout.CurrentStepIndex, safe);
        if (choice.Action == LadderAction.Advance && choice.Target is { } candidate)
        {
            var count = counters.ConsecutiveAdvancePolls + 1;
            // The lowest rung every poll of the streak allowed (all were ahead of this same step).
            var target = counters.StreakTarget is { } held && held.Weight < candidate.Weight ? held : candidate;
            var streak = counters with { ConsecutiveAdvancePolls = count, StreakTarget = target };
            var allows = $"safe weight {W(safe)} allows rung {target.Weight} for {count} of {n} polls";
            if (count < n)
                return new(PollAction.Hold, false, $"safe weight {W(safe)} allows rung {target.Weight}: holding, {count} of {n} polls", streak, target, count, n);
            if (!CanMove(rollout, out var why))
                return new(PollAction.Hold, false, $"{allows}, but {why} → hold", streak, target, count, n);
            return new(PollAction.Advance, false, $"{allows} → advance to step {target.StepIndex}",
                counters with { ConsecutiveAdvancePolls = 0, StreakTarget = null }, target, count, n);
        }

        var noStreak = counters with { ConsecutiveAdvancePolls = 0, StreakTarget = null };
        var ahead = rollout.Rungs.Any(r => r.StepIndex > (rollout.CurrentStepIndex ?? -1) && r.Weight > choice.CurrentWeight);
        var aheadAllowed = allowed.Any(r => r.StepIndex > (rollout.CurrentStepIndex ?? -1) && r.Weight > choice.CurrentWeight);
        if (aheadAllowed || choice.Current is null)
            return new(PollAction.Hold, false, choice.Reason, noStreak, Required: n);

        // The ladder is exhausted (or only a full-weight rung is left): the last step to 100 %.
        var last = choice.Current.Value;
        if (!settings.AllowAutoPromoteToFull)
            return new(PollAction.Hold, false,
                ahead
                    ? $"the next rung is full weight: promoting to {rollout.MaxWeight} % is left to a person → hold"
                    : $"last rung ({last.Weight}) reached: promoting to {rollout.MaxWeight} % is left to a person → hold",
                noStreak, Required: n);
        if (safe < last.Weight)
            return new(PollAction.Hold, false, $"safe weight {W(safe)} is below the last rung ({last.Weight}) → hold", noStreak, Required: n);
        var polls = counters.ConsecutiveAdvancePolls + 1;
        var holding = counters with { ConsecutiveAdvancePolls = polls, StreakTarget = null };
        var holds = $"safe weight {W(safe)} holds the last rung ({last.Weight}) for {polls} of {n} polls";
        if (polls < n)
            return new(PollAction.Hold, false, $"safe weight {W(safe)} holds the last rung ({last.Weight}): holding, {polls} of {n} polls", holding, Count: polls, Required: n);
        if (!CanMove(rollout, out var reason))
            return new(PollAction.Hold, false, $"{holds}, but {reason} → hold", holding, Count: polls, Required: n);
        return new(PollAction.PromoteFull, false, $"{holds} → promote to {rollout.MaxWeight} % (allowed by the settings)", noStreak, Count: polls, Required: n);
    }

    private static bool CanMove(RolloutPosition rollout, out string why)
    {
        why = rollout.ManuallyPaused ? "the rollout is paused by a person"
            : !rollout.PausedOnLadderStep ? $"the rollout is not paused on a ladder step (step {rollout.CurrentStepIndex?.ToString(CultureInfo.InvariantCulture) ?? "none"})"
            : "";
        return why.Length == 0;
    }

    private static DecisionCounters Reset(DecisionCounters counters) =>
        DecisionCounters.Initial with { Revision = counters.Revision, StepIndex = counters.StepIndex };

    private static string Verdict(EngineResult engine, bool metricsAvailable) =>
        !metricsAvailable ? "metrics unavailable"
        : engine.Verdict switch
        {
            Engine.Verdict.Proceed => $"proceed, safe weight {W(engine.SafeWeight)}",
            Engine.Verdict.Breach => "breach",
            _ => "insufficient data",
        };

    private static string W(double weight) => weight.ToString("0.0", CultureInfo.InvariantCulture);
}
