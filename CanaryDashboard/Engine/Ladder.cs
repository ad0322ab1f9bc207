namespace CanaryDashboard.Engine;

/// <summary>One literal <c>setWeight</c> step of a Rollout: its index in <c>spec.strategy.canary.steps</c> and its weight (0–100).</summary>
public readonly record struct LadderRung(int StepIndex, int Weight);

public enum LadderAction
{
    /// <summary>Stay on the current step.</summary>
    Hold,
    /// <summary>Jump forward to <see cref="LadderChoice.Target"/>'s step.</summary>
    Advance,
}

/// <summary>
/// What the ladder says for one poll. <see cref="Target"/> is the rung to advance to (patch
/// <c>currentStepIndex</c> to its <see cref="LadderRung.StepIndex"/>), <c>null</c> on hold.
/// <see cref="Current"/> is the rung the rollout is on (<c>null</c> before its first <c>setWeight</c>).
/// </summary>
public sealed record LadderChoice(LadderAction Action, LadderRung? Current, LadderRung? Target, string Reason)
{
    /// <summary>The weight the rollout runs at now: the current rung's, or 0 before the first rung.</summary>
    public int CurrentWeight => Current?.Weight ?? 0;

    /// <summary>The weight after this choice: the target's on advance, the current one on hold.</summary>
    public int TargetWeight => Target?.Weight ?? CurrentWeight;
}

/// <summary>
/// Picks the rung of a Rollout's literal weight ladder the engine's safe weight allows (DESIGN §4):
/// the highest rung at or below the safe weight, never below the current one and never at an
/// earlier step. Breach and insufficient data hold; whether to abort is decided elsewhere.
/// Pure: the caller reads the rungs and the current step from the Rollout and applies the result.
/// </summary>
public static class Ladder
{
    /// <summary>Chooses from an engine result: only <see cref="Verdict.Proceed"/> can advance.</summary>
    public static LadderChoice Choose(IEnumerable<LadderRung> rungs, int? currentStepIndex, EngineResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Verdict switch
        {
            Verdict.Proceed => Choose(rungs, currentStepIndex, result.SafeWeight),
            Verdict.Breach => HoldWith(rungs, currentStepIndex, "breach: hold (" + result.Reason + ")"),
            _ => HoldWith(rungs, currentStepIndex, "insufficient data: hold (" + result.Reason + ")"),
        };
    }

    /// <summary>
    /// Chooses from a safe weight. <paramref name="rungs"/> may come in any order and may repeat
    /// a rung; <paramref name="currentStepIndex"/> is <c>status.currentStepIndex</c>
    /// (<c>null</c> before the rollout's first step).
    /// </summary>
    public static LadderChoice Choose(IEnumerable<LadderRung> rungs, int? currentStepIndex, double safeWeight)
    {
        ArgumentNullException.ThrowIfNull(rungs);
        if (Sort(rungs, out var problem) is not { } ladder)
            return new LadderChoice(LadderAction.Hold, null, null, "hold: the ladder is invalid (" + problem + ")");
        var current = CurrentRung(ladder, currentStepIndex);
        var currentWeight = current?.Weight ?? 0;
        if (!double.IsFinite(safeWeight))
            return new LadderChoice(LadderAction.Hold, current, null, $"hold: the safe weight is {WeightEngine.Fmt(safeWeight)}, not a number");

        // Forward only: rungs after the current step, above the current weight, within the safe
        // weight. The highest weight wins; among equal weights the earliest step, so no step
        // the rollout declared at that weight is skipped.
        LadderRung? target = null;
        foreach (var rung in ladder)
        {
            if (rung.StepIndex <= (currentStepIndex ?? -1) || rung.Weight <= currentWeight || rung.Weight > safeWeight) continue;
            if (target is null || rung.Weight > target.Value.Weight) target = rung;
        }

        if (target is { } t)
            return new LadderChoice(LadderAction.Advance, current, t,
                $"advance to step {t.StepIndex} (weight {t.Weight}): the highest rung at or below the safe weight {WeightEngine.Fmt(safeWeight)}");

        var lowestAhead = ladder.Where(r => r.StepIndex > (currentStepIndex ?? -1) && r.Weight > currentWeight)
            .Select(r => (int?)r.Weight).Min();
        var reason = lowestAhead is { } next
            ? $"hold at weight {currentWeight}: the next rung ({next}) is above the safe weight {WeightEngine.Fmt(safeWeight)}"
            : $"hold at weight {currentWeight}: no rung ahead above the current weight";
        if (safeWeight < currentWeight)
            reason += $"; the safe weight {WeightEngine.Fmt(safeWeight)} is below the current weight, the ladder never moves back";
        return new LadderChoice(LadderAction.Hold, current, null, reason);
    }

    /// <summary>The rung in force at a step: the last <c>setWeight</c> at or before it (as Argo derives <c>setWeight</c>).</summary>
    public static LadderRung? CurrentRung(IReadOnlyList<LadderRung> sortedRungs, int? currentStepIndex)
    {
        LadderRung? current = null;
        if (currentStepIndex is not { } index) return null;
        foreach (var rung in sortedRungs)
        {
            if (rung.StepIndex > index) break;
            current = rung;
        }
        return current;
    }

    private static LadderChoice HoldWith(IEnumerable<LadderRung> rungs, int? currentStepIndex, string reason)
    {
        ArgumentNullException.ThrowIfNull(rungs);
        var ladder = Sort(rungs, out _);
        return new LadderChoice(LadderAction.Hold, ladder is null ? null : CurrentRung(ladder, currentStepIndex), null, reason);
    }

    /// <summary>The rungs by step, exact repeats removed; <c>null</c> with a problem when the ladder cannot be a Rollout's.</summary>
    private static List<LadderRung>? Sort(IEnumerable<LadderRung> rungs, out string? problem)
    {
        var sorted = rungs.Distinct().OrderBy(r => r.StepIndex).ToList();
        var problems = new List<string>();
        foreach (var r in sorted)
        {
            if (r.StepIndex < 0) problems.Add($"step index {r.StepIndex} is negative");
            if (r.Weight is < 0 or > 100) problems.Add($"step {r.StepIndex} has weight {r.Weight}, outside 0–100");
        }
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].StepIndex == sorted[i - 1].StepIndex)
                problems.Add($"step {sorted[i].StepIndex} has two weights ({sorted[i - 1].Weight} and {sorted[i].Weight})");
        }
        problem = problems.Count == 0 ? null : string.Join("; ", problems);
        return problem is null ? sorted : null;
    }
}
