namespace CanaryDashboard.Configuration;

public sealed class PollingOptions
{
    /// <summary>Run the control loop. Default true; tests that drive the live store or the history themselves turn it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Time between poll cycles. Default 2 s, at least 1 s: with a 1 s scrape, a breach the evidence shows
    /// is acted on within two polls (M = 2) of reaching Prometheus; the evidence's intervals stay valid however
    /// often it looks (Engine/README.md). Cost: Polling/README.md, "Tests and numbers".
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a rung must have served its weight at its desired canary replicas before the loop
    /// advances to the next one (counted from Argo's CanaryPauseStep start, or from when the canary was
    /// seen scaled again). Default 60 s (the Polling README says why); 0 leaves only N polls in a row.
    /// </summary>
    public TimeSpan MinTimeAtRung { get; set; } = CanaryDashboard.Polling.Decisions.DecisionSettings.DefaultMinTimeAtRung;

    /// <summary>How long per-rollout settings read from the database are used before they are read again. Default 10 s; 0 reads them every cycle.</summary>
    public TimeSpan SettingsRefresh { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest pause after failed cycles (the pause doubles per failure in a row, from one interval). Default 1 min.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// In Simulated mode with the example rollouts seeded: give some of them stored settings at start
    /// (Auto for checkout-web, payments-gateway and ledger-api; Advise for recommendations) unless
    /// settings are already stored, so a fresh run shows the loop acting by itself. Default true.
    /// </summary>
    public bool SeedSimulatedSettings { get; set; } = true;
}
