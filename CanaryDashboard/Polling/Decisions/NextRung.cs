using System.Globalization;
using CanaryDashboard.Engine;

namespace CanaryDashboard.Polling.Decisions;

/// <summary>
/// The ladder one rung at a time: the rung in force, the next one, the steps an advance to it would
/// skip, and the weight Argo takes the canary to before it stops again. Weights in percent (the
/// engine's unit), converted from <c>setWeight</c> units of <c>maxTrafficWeight</c>.
/// </summary>
public static class NextRung
{
    /// <summary>The rung in force: the last setWeight at or before the current step (Argo's GetCurrentSetWeight); null before the first.</summary>
    public static LadderRung? Current(RolloutPosition p)
    {
        LadderRung? current = null;
        if (p.CurrentStepIndex is not { } index)
            return null;
        foreach (var rung in p.Rungs.OrderBy(r => r.StepIndex))
        {
            if (rung.StepIndex > index) break;
            current = rung;
        }
        return current;
    }

    /// <summary>The first setWeight step after the current one: the only rung an advance goes to.</summary>
    public static LadderRung? Of(RolloutPosition p)
    {
        var after = p.CurrentStepIndex ?? -1;
        LadderRung? next = null;
        foreach (var rung in p.Rungs)
        {
            if (rung.StepIndex > after && (next is null || rung.StepIndex < next.Value.StepIndex))
                next = rung;
        }
        return next;
    }

    /// <summary>
    /// The steps between the current step and <paramref name="target"/>: setting <c>currentStepIndex</c>
    /// to the target would skip them (an analysis, an experiment, a timed pause). Empty when the rung is
    /// the very next step, or when the step kinds are unknown.
    /// </summary>
    public static IReadOnlyList<(int Index, string Kind)> Skipped(RolloutPosition p, LadderRung target)
    {
        if (p.StepKinds.Count == 0)
            return [];
        var skipped = new List<(int, string)>();
        for (var i = (p.CurrentStepIndex ?? -1) + 1; i < target.StepIndex && i < p.StepKinds.Count; i++)
            skipped.Add((i, p.StepKinds[i]));
        return skipped;
    }

    /// <summary>
    /// The highest weight (percent) Argo reaches from <paramref name="target"/> before a step that stops
    /// it (a pause, an analysis, an experiment): setWeight steps that follow one another are walked
    /// through by the controller with nobody asked, so the evidence must allow all of them.
    /// </summary>
    public static double Reach(RolloutPosition p, LadderRung target)
    {
        var reach = p.Percent(target);
        if (p.StepKinds.Count == 0)
            return reach;
        var byStep = p.Rungs.ToDictionary(r => r.StepIndex);
        for (var i = target.StepIndex + 1; i < p.StepKinds.Count && !Stops(p.StepKinds[i]); i++)
        {
            if (byStep.TryGetValue(i, out var rung))
                reach = Math.Max(reach, p.Percent(rung));
        }
        return reach;
    }

    /// <summary>"35" on a 100 ladder; "35 % (setWeight 350 of 1000)" on another <c>maxTrafficWeight</c>.</summary>
    public static string Text(RolloutPosition p, LadderRung rung) =>
        p.MaxWeight == 100
            ? rung.Weight.ToString(CultureInfo.InvariantCulture)
            : $"{Pct(p.Percent(rung))} % (setWeight {rung.Weight.ToString(CultureInfo.InvariantCulture)} of {p.MaxWeight.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>A percent as the rules print it: no decimals when whole.</summary>
    public static string Pct(double percent) => percent.ToString("0.##", CultureInfo.InvariantCulture);

    // Argo's step kinds that block the walk until they complete (rollout/canary.go completedCurrentCanaryStep).
    private static bool Stops(string kind) => kind is "pause" or "analysis" or "experiment" or "plugin" or "invalid";
}
