namespace CanaryDashboard.Simulation.Workload;

/// <summary>How a rollout's canary behaves in the simulated workload.</summary>
public enum TrafficScenario
{
    /// <summary>The canary is as good as stable: p99 within a few percent, the same error rate.</summary>
    Healthy,

    /// <summary>The canary's p99 drifts upward the longer it runs: +4 % at start, past +20 % after about 19 minutes, +29 % from 30 minutes.</summary>
    SlowLatencyRegression,

    /// <summary>
    /// The seed's pitfall 5: each canary pod holds its connections longer, so its pool's demand grows
    /// with the canary's share of traffic; from 30 % weight the pool (100 per pod) is exhausted,
    /// idle drops to 0, and requests that cannot get a connection fail (and wait, raising p99).
    /// </summary>
    PoolExhaustion,

    /// <summary>Canary and stable have the same means but noisy samples (p99 ±6 %, error rate ±0.1 pt).</summary>
    NoisyButHealthy,

    /// <summary>No requests at all: latency and error rate are absent, request counts are 0.</summary>
    NoTraffic,
}
