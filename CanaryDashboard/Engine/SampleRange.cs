namespace CanaryDashboard.Engine;

/// <summary>
/// <see cref="Count"/> evenly spaced values from <see cref="From"/> to <see cref="To"/>, both ends
/// included (a single value is <see cref="From"/>). Each value is computed from its index, not by
/// summing steps, so the last one is exactly <see cref="To"/>.
/// </summary>
public readonly record struct SampleRange(double From, double To, int Count)
{
    /// <summary>Upper bound on <see cref="Count"/>: keeps a curve or a grid axis to a size a chart can use.</summary>
    public const int MaxCount = 100_000;

    public double this[int index] =>
        Count == 1 ? From
        : index == Count - 1 ? To
        : From + index * ((To - From) / (Count - 1));

    /// <summary>What is wrong with this range, with <paramref name="name"/> as the field; empty when valid.</summary>
    public IReadOnlyList<ParameterProblem> Validate(string name)
    {
        var problems = new List<ParameterProblem>();
        if (!double.IsFinite(From)) problems.Add(new(name + ".From", $"must be a finite number (was {WeightEngine.Fmt(From)})"));
        if (!double.IsFinite(To)) problems.Add(new(name + ".To", $"must be a finite number (was {WeightEngine.Fmt(To)})"));
        if (Count is < 1 or > MaxCount) problems.Add(new(name + ".Count", $"must be between 1 and {MaxCount} (was {Count})"));
        else if (Count > 1 && double.IsFinite(From) && double.IsFinite(To) && !(From < To))
            problems.Add(new(name + ".To", $"must be above From when Count > 1 (was {WeightEngine.Fmt(From)} to {WeightEngine.Fmt(To)})"));
        return problems;
    }

    public double[] ToArray()
    {
        var values = new double[Count];
        for (var i = 0; i < values.Length; i++) values[i] = this[i];
        return values;
    }
}
