using CanaryDashboard.Engine;

namespace CanaryDashboard.Tuning;

/// <summary>One parameter that differs between two profile versions.</summary>
public sealed record ProfileDifference(string Name, string Label, double Before, double After);

public static class ProfileDiff
{
    /// <summary>The parameters whose values differ, in the studio's order; empty when the two are equal.</summary>
    public static IReadOnlyList<ProfileDifference> Between(EngineParameters before, EngineParameters after) =>
        TuningParameter.All
            .Where(p => !p.Read(before).Equals(p.Read(after)))
            .Select(p => new ProfileDifference(p.Name, p.Label, p.Read(before), p.Read(after)))
            .ToList();
}
