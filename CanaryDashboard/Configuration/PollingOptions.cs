namespace CanaryDashboard.Configuration;

public sealed class PollingOptions
{
    /// <summary>Run the control loop. Default true; tests that drive the live store or the history themselves turn it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between poll cycles. Default 5 s, at least 1 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

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
