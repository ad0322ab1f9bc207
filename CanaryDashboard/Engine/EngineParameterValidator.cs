namespace CanaryDashboard.Engine;

/// <summary>Checks <see cref="EngineParameters"/> and returns every problem at once, never the first only.</summary>
public static class EngineParameterValidator
{
    public static IReadOnlyList<ParameterProblem> Validate(EngineParameters p)
    {
        var problems = new List<ParameterProblem>();
        var values = new (string Name, double Value)[]
        {
            (nameof(p.LatencyDecay), p.LatencyDecay), (nameof(p.ErrorSlope), p.ErrorSlope),
            (nameof(p.SafetyFloor), p.SafetyFloor), (nameof(p.ErrorFloor), p.ErrorFloor),
            (nameof(p.MinWeight), p.MinWeight), (nameof(p.MaxWeight), p.MaxWeight),
            (nameof(p.LatencyThreshold), p.LatencyThreshold), (nameof(p.ErrorThreshold), p.ErrorThreshold),
            (nameof(p.MinRequests), p.MinRequests),
        };
        var finite = new HashSet<string>();
        foreach (var (name, value) in values)
        {
            if (double.IsNaN(value)) problems.Add(new(name, "must be a number (was NaN)"));
            else if (double.IsInfinity(value)) problems.Add(new(name, $"must be finite (was {value})"));
            else finite.Add(name);
        }

        void Check(string name, bool ok, string reason)
        {
            if (finite.Contains(name) && !ok) problems.Add(new(name, reason));
        }

        Check(nameof(p.LatencyDecay), p.LatencyDecay >= 0, $"must not be negative (was {p.LatencyDecay})");
        Check(nameof(p.ErrorSlope), p.ErrorSlope >= 0, $"must not be negative (was {p.ErrorSlope})");
        Check(nameof(p.SafetyFloor), p.SafetyFloor > 0 && p.SafetyFloor <= 1, $"must be in (0, 1] (was {p.SafetyFloor})");
        Check(nameof(p.ErrorFloor), p.ErrorFloor > 0 && p.ErrorFloor <= 1, $"must be in (0, 1] (was {p.ErrorFloor})");
        Check(nameof(p.MinWeight), p.MinWeight >= 0, $"must not be negative (was {p.MinWeight})");
        Check(nameof(p.MaxWeight), p.MaxWeight <= 100, $"must be at most 100 (was {p.MaxWeight})");
        if (finite.Contains(nameof(p.MinWeight)) && finite.Contains(nameof(p.MaxWeight)) && p.MinWeight >= p.MaxWeight)
            problems.Add(new(nameof(p.MinWeight), $"must be below MaxWeight (was {p.MinWeight} ≥ {p.MaxWeight})"));
        Check(nameof(p.LatencyThreshold), p.LatencyThreshold > 0, $"must be greater than 0 (was {p.LatencyThreshold})");
        Check(nameof(p.ErrorThreshold), p.ErrorThreshold > 0, $"must be greater than 0 (was {p.ErrorThreshold})");
        Check(nameof(p.MinRequests), p.MinRequests >= 0, $"must not be negative (was {p.MinRequests})");
        return problems;
    }
}
