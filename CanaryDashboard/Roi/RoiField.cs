namespace CanaryDashboard.Roi;

/// <summary>
/// One editable input of the ROI calculation as the page shows it: its label, a one-line
/// explanation, how it reads from and writes into <see cref="RoiInputs"/>, and its validation.
/// Rates are shown in percent and stored as the seed's fractions.
/// </summary>
public sealed class RoiField
{
    private readonly Func<RoiInputs, double> _read;
    private readonly Func<RoiInputs, double, RoiInputs> _write;
    private readonly Func<double, string?> _validate;

    private RoiField(string group, string label, string explanation, double step,
        Func<RoiInputs, double> read, Func<RoiInputs, double, RoiInputs> write, Func<double, string?> validate)
    {
        Group = group;
        Label = label;
        Explanation = explanation;
        Step = step;
        _read = read;
        _write = write;
        _validate = validate;
    }

    public string Group { get; }

    public string Label { get; }

    public string Explanation { get; }

    public double Step { get; }

    /// <summary>The value as the field shows it (percent for rates).</summary>
    public double Read(RoiInputs inputs) => _read(inputs);

    /// <summary>Why <paramref name="value"/> is refused, or null when it is accepted.</summary>
    public string? Validate(double value) =>
        double.IsFinite(value) ? _validate(value) : "must be a finite number";

    /// <summary>The inputs with this field set to <paramref name="value"/>; throws when <see cref="Validate"/> refuses it.</summary>
    public RoiInputs Write(RoiInputs inputs, double value)
    {
        if (Validate(value) is { } reason) throw new ArgumentOutOfRangeException(nameof(value), value, $"{Label}: {reason}");
        return _write(inputs, value);
    }

    public const string Business = "Business";
    public const string StaticGroup = "Static canary (seed's assumptions)";
    public const string DynamicGroup = "Dynamic canary (seed's assumptions)";

    /// <summary>Every input, in the order of the seed's code.</summary>
    public static IReadOnlyList<RoiField> All { get; } =
    [
        Money("Monthly revenue ($)", "Taken by the seed's simulator but used by none of its formulas: changing it changes no figure.",
            i => i.MonthlyRevenue, (i, v) => i with { MonthlyRevenue = v }),
        Money("Average incident cost ($)", "Cost of one rolled-back deployment besides on-call time (customer impact, credits).",
            i => i.AvgIncidentCost, (i, v) => i with { AvgIncidentCost = v }),
        Money("On-call hourly rate ($/h)", "What an hour of the on-call engineer handling a rollback costs.",
            i => i.OncallHourlyRate, (i, v) => i with { OncallHourlyRate = v }),
        Money("Cloud monthly spend ($)", "Monthly compute bill that overprovisioning wastes and right-sizing saves.",
            i => i.CloudMonthlySpend, (i, v) => i with { CloudMonthlySpend = v }),
        new(Business, "Deployments per month", "Canary deployments per month; every rate below applies to each of them.", 1,
            i => i.DeploymentFrequency, (i, v) => i with { DeploymentFrequency = (int)v },
            v => v < 1 ? "must be at least 1 (the rollback reduction divides by the baseline rollback cost)"
                : v != Math.Floor(v) ? "must be a whole number of deployments"
                : v > 1_000_000 ? "must be at most 1,000,000" : null),

        Percent(StaticGroup, "Static rollback rate (%)", "Share of deployments rolled back with fixed-step canaries.",
            i => i.Static.RollbackRate, (i, v) => i with { Static = i.Static with { RollbackRate = v } }),
        Minutes(StaticGroup, "Static time to roll back (min)", "On-call minutes per rollback with fixed-step canaries.",
            i => i.Static.AvgRollbackTimeMinutes, (i, v) => i with { Static = i.Static with { AvgRollbackTimeMinutes = v } }),
        Percent(StaticGroup, "Static false-alarm rate (%)", "Share of deployments rolled back although the release was healthy.",
            i => i.Static.FalsePositiveRate, (i, v) => i with { Static = i.Static with { FalsePositiveRate = v } }),
        Percent(StaticGroup, "Overprovisioning (% of cloud spend)", "Capacity kept as a safety buffer during fixed-step canaries.",
            i => i.OverprovisioningShare, (i, v) => i with { OverprovisioningShare = v }),

        Percent(DynamicGroup, "Dynamic rollback rate (%)", "Share of deployments rolled back with the latency-driven weight.",
            i => i.Dynamic.RollbackRate, (i, v) => i with { Dynamic = i.Dynamic with { RollbackRate = v } }),
        Minutes(DynamicGroup, "Dynamic time to roll back (min)", "On-call minutes per rollback when the breach aborts the rollout automatically.",
            i => i.Dynamic.AvgRollbackTimeMinutes, (i, v) => i with { Dynamic = i.Dynamic with { AvgRollbackTimeMinutes = v } }),
        Percent(DynamicGroup, "Dynamic false-alarm rate (%)", "Share of deployments aborted although the release was healthy.",
            i => i.Dynamic.FalsePositiveRate, (i, v) => i with { Dynamic = i.Dynamic with { FalsePositiveRate = v } }),
        Percent(DynamicGroup, "Right-sizing (% of cloud spend)", "Cloud spend saved because capacity no longer needs the safety buffer.",
            i => i.RightSizingShare, (i, v) => i with { RightSizingShare = v }),
    ];

    private static RoiField Money(string label, string explanation, Func<RoiInputs, double> read, Func<RoiInputs, double, RoiInputs> write) =>
        new(Business, label, explanation, 100, read, write,
            v => v < 0 ? "must not be negative" : v > 1e12 ? "must be at most 1,000,000,000,000" : null);

    private static RoiField Minutes(string group, string label, string explanation, Func<RoiInputs, double> read, Func<RoiInputs, double, RoiInputs> write) =>
        new(group, label, explanation, 0.1, read, write,
            v => v < 0 ? "must not be negative" : v > 10_080 ? "must be at most 10,080 minutes (a week)" : null);

    // Rates are typed in percent; n / 100 of an integer percent is the same double as the
    // seed's literal (23 / 100.0 == 0.23), so the defaults reproduce the seed to the cent.
    // Reading back rounds away the binary noise (0.23 * 100 = 23.000000000000004).
    private static RoiField Percent(string group, string label, string explanation, Func<RoiInputs, double> read, Func<RoiInputs, double, RoiInputs> write) =>
        new(group, label, explanation, 0.5, i => Math.Round(read(i) * 100, 9), (i, v) => write(i, v / 100),
            v => v < 0 ? "must not be negative" : v > 100 ? "must be at most 100 %" : null);
}
